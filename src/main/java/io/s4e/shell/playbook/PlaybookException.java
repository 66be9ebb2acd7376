package io.s4e.shell.playbook;

import io.s4e.shell.api.S4eException;

/**
 * How a playbook ended when it did not succeed. Each kind carries the exit code of the non-interactive shell:
 * {@code fail(...)} 1, a compile error 2, an API error 3 (or the code of the error the API call raised), the
 * playbook's own {@code exit(n)} n. The message is one line, located in the playbook where that helps.
 */
public abstract class PlaybookException extends S4eException {

	protected PlaybookException(String message, Throwable cause) {
		super(message, cause);
	}

	/** The playbook does not compile: {@code file:line:column: message}. */
	public static final class CompileError extends PlaybookException {

		private final int line;

		private final int column;

		public CompileError(String message, int line, int column) {
			super(message, null);
			this.line = line;
			this.column = column;
		}

		public int line() {
			return line;
		}

		public int column() {
			return column;
		}

		@Override
		public int exitCode() {
			return EXIT_USAGE;
		}

	}

	/** The playbook called {@code fail(msg)}, or a gate it runs tripped. */
	public static final class Failed extends PlaybookException {

		public Failed(String message) {
			super(message, null);
		}

		@Override
		public int exitCode() {
			return EXIT_FINDINGS;
		}

	}

	/** The playbook called {@code exit(n)} with n other than 0. */
	public static final class Exited extends PlaybookException {

		private final int code;

		public Exited(String message, int code) {
			super(message, null);
			this.code = code;
		}

		@Override
		public int exitCode() {
			return code;
		}

	}

	/**
	 * The playbook stopped on an error at a line of its own: an API error keeps that error's exit code (3, or 2
	 * for bad input to the DSL, 4 for a timeout); a bug in the playbook's code is a usage error (2).
	 */
	public static final class RuntimeFailure extends PlaybookException {

		private final int line;

		private final int code;

		public RuntimeFailure(String message, int line, int code, Throwable cause) {
			super(message, cause);
			this.line = line;
			this.code = code;
		}

		/** The playbook line, or 0 when no frame of the playbook was on the stack. */
		public int line() {
			return line;
		}

		@Override
		public int exitCode() {
			return code;
		}

	}

	/** Ctrl-C (or the thread's interruption) stopped the playbook. */
	public static final class Interrupted extends PlaybookException {

		public Interrupted(String message) {
			super(message, null);
		}

		@Override
		public int exitCode() {
			return EXIT_TIMEOUT;
		}

	}

	/** {@code await} or {@code awaitAll} ran out of time. */
	public static final class WaitTimedOut extends PlaybookException {

		public WaitTimedOut(String message) {
			super(message, null);
		}

		@Override
		public int exitCode() {
			return EXIT_TIMEOUT;
		}

	}

}
