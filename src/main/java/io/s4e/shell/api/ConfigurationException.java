package io.s4e.shell.api;

/** Wrong or unsafe configuration (profile file, base URL, token source): exit code 2. */
public class ConfigurationException extends S4eException {

	public ConfigurationException(String message) {
		super(message);
	}

	public ConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public int exitCode() {
		return EXIT_USAGE;
	}

}
