package io.s4e.shell.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the query string of a list request, and reads filters given as key=value maps. */
final class QueryParams {

	private final Map<String, String> params = new LinkedHashMap<>();

	QueryParams put(String name, Object value) {
		if (value == null) {
			return this;
		}
		if (value instanceof Collection<?> list) {
			if (!list.isEmpty()) {
				params.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
			}
			return this;
		}
		String text = String.valueOf(value);
		if (!text.isBlank()) {
			params.put(name, text);
		}
		return this;
	}

	Map<String, String> build() {
		return java.util.Collections.unmodifiableMap(params);
	}

	/** Rejects keys outside {@code allowed}, naming them and the allowed ones. Accepts - for _ too. */
	static Map<String, Object> normalise(Map<String, ?> given, Set<String> allowed, String what) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (given == null) {
			return out;
		}
		for (Map.Entry<String, ?> e : given.entrySet()) {
			String key = e.getKey().trim().replace('-', '_');
			if (key.equals("asset")) {
				key = "asset_id";
			}
			else if (key.equals("scan")) {
				key = "scan_id";
			}
			else if (key.equals("type") && allowed.contains("scan_type") && !allowed.contains("type")) {
				key = "scan_type";
			}
			if (!allowed.contains(key)) {
				throw new UsageException("Unknown " + what + " filter '" + e.getKey() + "'. Allowed: "
						+ String.join(", ", new TreeSet<>(allowed)) + ".");
			}
			out.put(key, e.getValue());
		}
		return out;
	}

	static String string(Object value) {
		return value == null ? null : String.valueOf(value);
	}

	static Integer integer(Object value, String name) {
		if (value == null) {
			return null;
		}
		if (value instanceof Number n) {
			return n.intValue();
		}
		try {
			return Integer.valueOf(String.valueOf(value).trim());
		}
		catch (NumberFormatException e) {
			throw new UsageException("'" + name + "' must be a whole number, not '" + value + "'.");
		}
	}

	static Double decimal(Object value, String name) {
		if (value == null) {
			return null;
		}
		if (value instanceof Number n) {
			return n.doubleValue();
		}
		try {
			return Double.valueOf(String.valueOf(value).trim());
		}
		catch (NumberFormatException e) {
			throw new UsageException("'" + name + "' must be a number, not '" + value + "'.");
		}
	}

	static List<String> list(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Collection<?> c) {
			return c.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
		}
		return java.util.Arrays.stream(String.valueOf(value).split(",")).map(String::trim)
			.filter(s -> !s.isEmpty())
			.toList();
	}

	static Integer perPage(Integer perPage) {
		if (perPage != null && (perPage < 1 || perPage > 100)) {
			throw new UsageException("per_page must be between 1 and 100, not " + perPage + ".");
		}
		return perPage;
	}

}
