package io.s4e.shell.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request's query parameters, with validation that answers 400 naming the parameter and its allowed values. */
final class QueryParams {

	static final int MAX_PER_PAGE = 100;

	static final List<String> SORT_ORDERS = List.of("asc", "desc");

	private final Map<String, String> values;

	private QueryParams(Map<String, String> values) {
		this.values = values;
	}

	static QueryParams parse(String rawQuery) {
		Map<String, String> values = new HashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String key = decode(eq < 0 ? pair : pair.substring(0, eq));
				String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
				values.put(key, value);
			}
		}
		return new QueryParams(values);
	}

	private static String decode(String s) {
		try {
			return URLDecoder.decode(s, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException malformed) {
			throw ApiError.invalid("query", "Malformed percent-encoding in the query string.");
		}
	}

	/**
	 * Refuses a parameter the endpoint does not know, so a mistyped filter is a 400 naming it and the parameters
	 * there are, instead of an unfiltered list that looks like an answer.
	 */
	void requireOnly(List<String> known) {
		for (String name : values.keySet()) {
			if (!known.contains(name)) {
				throw ApiError.invalid(name, "Unknown query parameter '" + name + "'.", known);
			}
		}
	}

	/** The trimmed value, or null when absent or blank. */
	String get(String name) {
		String value = values.get(name);
		return value == null || value.isBlank() ? null : value.trim();
	}

	/** A comma list whose items must all be in {@code allowed}; empty when absent. */
	List<String> list(String name, List<String> allowed) {
		String value = get(name);
		List<String> items = new ArrayList<>();
		if (value == null) {
			return items;
		}
		for (String item : value.split(",")) {
			String v = item.trim().toLowerCase(Locale.ROOT);
			if (v.isEmpty()) {
				continue;
			}
			if (allowed != null && !allowed.contains(v)) {
				throw ApiError.invalid(name, "Invalid " + name + " '" + item.trim() + "'.", allowed);
			}
			items.add(v);
		}
		return items;
	}

	/** A comma list of free-form values (IDs); empty when absent. */
	List<String> ids(String name) {
		String value = get(name);
		List<String> items = new ArrayList<>();
		if (value != null) {
			for (String item : value.split(",")) {
				if (!item.isBlank()) {
					items.add(item.trim());
				}
			}
		}
		return items;
	}

	String choice(String name, List<String> allowed, String fallback) {
		String value = get(name);
		if (value == null) {
			return fallback;
		}
		String v = value.toLowerCase(Locale.ROOT);
		if (!allowed.contains(v)) {
			throw ApiError.invalid(name, "Invalid " + name + " '" + value + "'.", allowed);
		}
		return v;
	}

	int integer(String name, int fallback, int min, int max) {
		String value = get(name);
		if (value == null) {
			return fallback;
		}
		int n;
		try {
			n = Integer.parseInt(value);
		}
		catch (NumberFormatException e) {
			throw ApiError.invalid(name, name + " must be an integer between " + min + " and " + max + ".")
				.with("minimum", min)
				.with("maximum", max);
		}
		if (n < min || n > max) {
			throw ApiError.invalid(name, name + " must be between " + min + " and " + max + "; got " + n + ".")
				.with("minimum", min)
				.with("maximum", max);
		}
		return n;
	}

	Double decimal(String name, double min, double max) {
		String value = get(name);
		if (value == null) {
			return null;
		}
		try {
			double d = Double.parseDouble(value);
			if (d >= min && d <= max) {
				return d;
			}
		}
		catch (NumberFormatException e) {
			// Reported below together with the range.
		}
		throw ApiError.invalid(name, name + " must be a number between " + min + " and " + max + ".")
			.with("minimum", min)
			.with("maximum", max);
	}

	/**
	 * An ISO 8601 instant, offset date-time, local date-time (taken as UTC) or date. A bare date means the start of
	 * that day, or with {@code endOfDay} its last millisecond, so {@code to=2026-04-28} includes that day.
	 */
	Long instant(String name, boolean endOfDay) {
		String value = get(name);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value).toEpochMilli();
		}
		catch (DateTimeParseException e) {
			// Try the other ISO 8601 forms.
		}
		try {
			return OffsetDateTime.parse(value).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException e) {
			// Try the other ISO 8601 forms.
		}
		try {
			return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
		}
		catch (DateTimeParseException e) {
			// Try the other ISO 8601 forms.
		}
		try {
			LocalDate date = LocalDate.parse(value);
			LocalDate day = endOfDay ? date.plusDays(1) : date;
			long start = day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
			return endOfDay ? start - 1 : start;
		}
		catch (DateTimeParseException e) {
			throw ApiError.invalid(name,
					name + " must be an ISO 8601 date or date-time, e.g. 2026-04-28 or 2026-04-28T12:00:00Z.");
		}
	}

	/** {@code page} (from 1) and {@code per_page} (1 to 100). */
	Paging paging(int defaultPerPage) {
		int page = integer("page", 1, 1, Integer.MAX_VALUE);
		int perPage = integer("per_page", defaultPerPage, 1, MAX_PER_PAGE);
		return new Paging(page, perPage);
	}

	record Paging(int page, int perPage) {

		<T> List<T> slice(List<T> all) {
			long from = (long) (page - 1) * perPage;
			if (from >= all.size()) {
				return List.of();
			}
			return all.subList((int) from, (int) Math.min(all.size(), from + perPage));
		}

	}

}
