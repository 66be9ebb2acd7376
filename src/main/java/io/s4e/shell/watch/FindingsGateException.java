package io.s4e.shell.watch;

import io.s4e.shell.api.S4eException;

/** The scans found something at or above the {@code --fail-on} severity. Exit code 1. */
public class FindingsGateException extends S4eException {

	public FindingsGateException(String message) {
		super(message);
	}

	@Override
	public int exitCode() {
		return EXIT_FINDINGS;
	}

}
