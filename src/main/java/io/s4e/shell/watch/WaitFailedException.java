package io.s4e.shell.watch;

import io.s4e.shell.api.S4eException;

/** A wait ended badly: the time ran out, or a scan failed or was cancelled. Exit code 4. */
public class WaitFailedException extends S4eException {

	public WaitFailedException(String message) {
		super(message);
	}

	@Override
	public int exitCode() {
		return EXIT_TIMEOUT;
	}

}
