package io.s4e.shell.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.console.S4eCommandParser;

/** Parses the values of repeatable {@code key=value} options such as {@code --option} and `filter set`. */
public final class OptionValues {

	private OptionValues() {
	}

	/**
	 * {@code --option depth=deep --option include_subdomains=true} as a map, values typed where they look like
	 * JSON scalars (true/false, numbers) or lists ({@code categories=web_vuln,ssl}).
	 */
	public static Map<String, Object> scanOptions(String joined) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : pairs(joined, "--option").entrySet()) {
			out.put(e.getKey(), typed(e.getValue()));
		}
		return out;
	}

	/** {@code key=value} words (or values joined by repeated options) as an ordered map of strings. */
	public static Map<String, String> pairs(String joined, String what) {
		List<String> items = new ArrayList<>();
		if (joined != null) {
			for (String part : joined.split(S4eCommandParser.REPEAT_SEPARATOR)) {
				if (!part.isBlank()) {
					items.add(part.trim());
				}
			}
		}
		return pairs(items, what);
	}

	public static Map<String, String> pairs(List<String> items, String what) {
		Map<String, String> out = new LinkedHashMap<>();
		for (String item : items) {
			int eq = item.indexOf('=');
			if (eq <= 0) {
				throw new UsageException(what + " takes key=value, not '" + item + "'. Example: " + what
						+ (what.equals("--option") ? " max_depth=5" : " status=running"));
			}
			String key = item.substring(0, eq).trim();
			if (!key.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
				throw new UsageException("'" + key + "' is not a valid key for " + what
						+ ": use letters, digits, '_', '-' or '.'.");
			}
			out.put(key, item.substring(eq + 1).trim());
		}
		return out;
	}

	static Object typed(String value) {
		if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
			return Boolean.valueOf(value.toLowerCase());
		}
		if (value.matches("-?\\d{1,18}")) {
			return Long.valueOf(value);
		}
		if (value.matches("-?\\d+\\.\\d+")) {
			return Double.valueOf(value);
		}
		if (value.contains(",")) {
			List<Object> list = new ArrayList<>();
			for (String v : value.split(",")) {
				if (!v.isBlank()) {
					list.add(typed(v.trim()));
				}
			}
			return list;
		}
		return value;
	}

}
