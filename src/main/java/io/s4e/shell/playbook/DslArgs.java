package io.s4e.shell.playbook;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Severity;
import io.s4e.shell.api.model.Vocabulary;

/** Reads the named arguments of DSL calls, refusing unknown ones with the list of known ones. */
final class DslArgs {

	private DslArgs() {
	}

	/** The named arguments with plain string keys; an unknown key is a usage error naming the known ones. */
	static Map<String, Object> only(Map<String, ?> given, String call, String... allowed) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (given == null) {
			return out;
		}
		List<String> names = List.of(allowed);
		for (Map.Entry<String, ?> e : given.entrySet()) {
			String key = String.valueOf(e.getKey());
			if (!names.contains(key)) {
				throw new UsageException(call + "() has no option '" + key + "'. Options: "
						+ String.join(", ", new TreeSet<>(names)) + ".");
			}
			out.put(key, plain(e.getValue()));
		}
		return out;
	}

	/** Groovy strings as Java strings, lists and maps element by element, so services see plain values. */
	static Object plain(Object value) {
		if (value instanceof CharSequence s) {
			return s.toString();
		}
		if (value instanceof Collection<?> c) {
			List<Object> list = new ArrayList<>(c.size());
			c.forEach(v -> list.add(plain(v)));
			return list;
		}
		if (value instanceof Map<?, ?> m) {
			Map<String, Object> map = new LinkedHashMap<>();
			m.forEach((k, v) -> map.put(String.valueOf(k), plain(v)));
			return map;
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value, String what) {
		if (value == null) {
			return null;
		}
		if (value instanceof Map<?, ?>) {
			return (Map<String, Object>) plain(value);
		}
		throw new UsageException(what + " takes a map, e.g. [max_depth: 5], not " + value + ".");
	}

	/** {@code 'high'}, {@code 'critical,high'} or {@code ['critical', 'high']}, checked against the vocabulary. */
	static List<String> severities(Object value) {
		if (value == null) {
			return null;
		}
		List<String> raw = new ArrayList<>();
		if (value instanceof Collection<?> c) {
			c.forEach(v -> raw.add(String.valueOf(v)));
		}
		else {
			raw.addAll(List.of(String.valueOf(value).split(",")));
		}
		List<String> out = new ArrayList<>();
		for (String r : raw) {
			if (r.isBlank()) {
				continue;
			}
			out.add(severity(r).wire());
		}
		return out;
	}

	static Severity severity(Object value) {
		return Severity.parse(String.valueOf(value))
			.orElseThrow(() -> new UsageException("Unknown severity '" + value + "'. Use "
					+ String.join(", ", Vocabulary.SEVERITIES) + "."));
	}

	/** An asset as a playbook may give it: an asset, its ID, a scan or handle of it, or a map with an id. */
	static String assetId(Object asset) {
		if (asset instanceof Asset a) {
			return a.id();
		}
		if (asset instanceof CharSequence s && !s.toString().isBlank()) {
			return s.toString().trim();
		}
		if (asset instanceof Scan s) {
			return s.assetId();
		}
		if (asset instanceof ScanHandle h) {
			return h.getAssetId();
		}
		if (asset instanceof Map<?, ?> m && m.get("id") != null) {
			return String.valueOf(m.get("id"));
		}
		throw new UsageException("Not an asset: " + asset + ". Give an asset (from s4e.assets()), or its ID.");
	}

	/** Seconds, a Duration, or text: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1h30m}, ISO {@code PT15M}. */
	static Duration duration(Object value, String what) {
		if (value == null) {
			return null;
		}
		if (value instanceof Duration d) {
			return d;
		}
		if (value instanceof Number n) {
			return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
		}
		String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
		try {
			if (text.startsWith("pt") || text.startsWith("p")) {
				return Duration.parse(text.toUpperCase(Locale.ROOT));
			}
			if (text.matches("\\d+")) {
				return Duration.ofSeconds(Long.parseLong(text));
			}
			if (text.matches("(\\d+h)?(\\d+m)?(\\d+s)?") && !text.isEmpty()) {
				return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
			}
		}
		catch (DateTimeParseException | NumberFormatException e) {
			// falls through to the message
		}
		throw new UsageException(what + " must be seconds or a duration such as 90s, 15m or 2h, not '" + value
				+ "'.");
	}

	static int positive(Object value, String what, int fallback) {
		if (value == null) {
			return fallback;
		}
		try {
			int n = value instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(value).trim());
			if (n >= 1) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// falls through
		}
		throw new UsageException(what + " must be a whole number of at least 1, not '" + value + "'.");
	}

}
