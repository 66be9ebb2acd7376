package io.s4e.shell.api;

/** Bad input from the person or the playbook (an unknown filter, a malformed value): exit code 2. */
public class UsageException extends S4eException {

	public UsageException(String message) {
		super(message);
	}

	@Override
	public int exitCode() {
		return EXIT_USAGE;
	}

}
