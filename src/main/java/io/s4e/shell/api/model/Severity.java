package io.s4e.shell.api.model;

import java.util.Locale;
import java.util.Optional;

/** Finding severities, most severe first. Values from the server that are not listed stay plain strings. */
public enum Severity {

	CRITICAL, HIGH, MEDIUM, LOW, INFO;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean atLeast(Severity other) {
		return ordinal() <= other.ordinal();
	}

	/** Parses a wire value; {@code informational} (the UI's word) is read as {@code info}. */
	public static Optional<Severity> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.equals("informational")) {
			return Optional.of(INFO);
		}
		for (Severity s : values()) {
			if (s.wire().equals(v)) {
				return Optional.of(s);
			}
		}
		return Optional.empty();
	}

	/** Rank for sorting: unknown values sort after {@code info}. */
	public static int rank(String value) {
		return parse(value).map(Enum::ordinal).orElse(values().length);
	}

}
