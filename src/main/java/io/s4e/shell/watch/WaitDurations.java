package io.s4e.shell.watch;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.s4e.shell.api.UsageException;

/** Reads {@code --timeout} values ({@code 90}, {@code 45s}, {@code 10m}, {@code 1h30m}, {@code PT10M}) and writes clock-style times. */
public final class WaitDurations {

	private static final Pattern UNITS = Pattern.compile("(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?");

	private WaitDurations() {
	}

	/** A positive duration; a bare number is seconds. */
	public static Duration parse(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String t = text.trim().toLowerCase(Locale.ROOT);
		Duration d = null;
		if (t.matches("\\d+")) {
			d = Duration.ofSeconds(Long.parseLong(t));
		}
		else if (t.startsWith("pt") || t.startsWith("p")) {
			try {
				d = Duration.parse(t.toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException e) {
				d = null;
			}
		}
		else {
			Matcher m = UNITS.matcher(t);
			if (m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null)) {
				d = Duration.ofHours(num(m.group(1))).plusMinutes(num(m.group(2))).plusSeconds(num(m.group(3)));
			}
		}
		if (d == null || d.isZero() || d.isNegative()) {
			throw new UsageException("Invalid --timeout '" + text + "'. Use e.g. 90 (seconds), 45s, 10m or 1h30m.");
		}
		return d;
	}

	/** {@code 75000} -> {@code 1:15}; {@code 3723000} -> {@code 1:02:03}; null -> empty. */
	public static String clock(Long millis) {
		if (millis == null) {
			return "";
		}
		long s = Math.max(0, millis) / 1000;
		if (s < 3600) {
			return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
		}
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
	}

	/** {@code 600s} -> {@code 10m}; {@code 90s} -> {@code 1m30s}. */
	public static String human(Duration d) {
		long s = d.toSeconds();
		StringBuilder b = new StringBuilder();
		if (s >= 3600) {
			b.append(s / 3600).append('h');
		}
		if (s % 3600 >= 60) {
			b.append(s % 3600 / 60).append('m');
		}
		if (s % 60 != 0 || b.length() == 0) {
			b.append(s % 60).append('s');
		}
		return b.toString();
	}

	private static long num(String group) {
		return group == null ? 0 : Long.parseLong(group);
	}

}
