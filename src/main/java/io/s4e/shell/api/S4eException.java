package io.s4e.shell.api;

/**
 * Base of every error the shell reports to a person: {@link #getMessage()} is one line saying what happened and
 * what to do, and {@link #exitCode()} is the documented exit code for non-interactive use.
 */
public abstract class S4eException extends RuntimeException {

	/** Documented exit codes of the non-interactive shell. */
	public static final int EXIT_OK = 0;

	public static final int EXIT_FINDINGS = 1;

	public static final int EXIT_USAGE = 2;

	public static final int EXIT_API = 3;

	public static final int EXIT_TIMEOUT = 4;

	protected S4eException(String message) {
		super(message);
	}

	protected S4eException(String message, Throwable cause) {
		super(message, cause);
	}

	public abstract int exitCode();

}
