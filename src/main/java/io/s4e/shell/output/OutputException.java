package io.s4e.shell.output;

/**
 * A rendering request that cannot be honoured: an unknown format or column, a bad {@code --jq} expression, a format
 * that does not fit the data. The message is one line meant for the user, so callers print it as is.
 */
public class OutputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public OutputException(String message) {
		super(message);
	}

	public OutputException(String message, Throwable cause) {
		super(message, cause);
	}

}
