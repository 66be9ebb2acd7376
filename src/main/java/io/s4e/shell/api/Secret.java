package io.s4e.shell.api;

import java.util.Arrays;

/**
 * An API token. Its {@link #toString()} is always masked so it can't leak through logs, errors or string
 * concatenation; only the auth interceptor and the profile writer read the value.
 */
public final class Secret {

	private final char[] value;

	private Secret(char[] value) {
		this.value = value;
	}

	public static Secret of(String value) {
		if (value == null || value.isBlank()) {
			throw new ConfigurationException("The API token is empty. Set S4E_API_TOKEN or run `auth login`.");
		}
		return new Secret(value.trim().toCharArray());
	}

	public static Secret of(char[] value) {
		return of(new String(value));
	}

	/** The token itself. Callers must never print, log or store it except in the 0600 profile file. */
	public String reveal() {
		return new String(value);
	}

	/** A hint safe to show: the first characters of a recognisable prefix and the length, never the body. */
	public String masked() {
		String v = new String(value);
		int underscore = v.lastIndexOf('_');
		String prefix = underscore > 0 && underscore < 10 ? v.substring(0, underscore + 1) : "";
		return prefix + "****" + " (" + value.length + " chars)";
	}

	/** Replaces every occurrence of the token in {@code text} with a mask. */
	public String redact(String text) {
		if (text == null || value.length < 4) {
			return text;
		}
		return text.replace(new String(value), "****");
	}

	@Override
	public String toString() {
		return "Secret[****]";
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Secret other && Arrays.equals(value, other.value);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(value);
	}

}
