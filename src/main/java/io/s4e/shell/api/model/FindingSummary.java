package io.s4e.shell.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Finding counts by severity, as reported on scans and assets. */
public record FindingSummary(int critical, int high, int medium, int low, int info) {

	public static final FindingSummary EMPTY = new FindingSummary(0, 0, 0, 0, 0);

	public int total() {
		return critical + high + medium + low + info;
	}

	public int count(Severity severity) {
		return switch (severity) {
			case CRITICAL -> critical;
			case HIGH -> high;
			case MEDIUM -> medium;
			case LOW -> low;
			case INFO -> info;
		};
	}

	/** Counts at or above the given severity. */
	public int atOrAbove(Severity threshold) {
		int sum = 0;
		for (Severity s : Severity.values()) {
			if (s.atLeast(threshold)) {
				sum += count(s);
			}
		}
		return sum;
	}

	public FindingSummary plus(Severity severity) {
		return new FindingSummary(critical + (severity == Severity.CRITICAL ? 1 : 0),
				high + (severity == Severity.HIGH ? 1 : 0), medium + (severity == Severity.MEDIUM ? 1 : 0),
				low + (severity == Severity.LOW ? 1 : 0), info + (severity == Severity.INFO ? 1 : 0));
	}

	public Map<String, Integer> asMap() {
		Map<String, Integer> map = new LinkedHashMap<>();
		map.put("critical", critical);
		map.put("high", high);
		map.put("medium", medium);
		map.put("low", low);
		map.put("info", info);
		return map;
	}

	/** Short form for tables, e.g. {@code 1C 2H 5M 3L 10I}. */
	public String compact() {
		return critical + "C " + high + "H " + medium + "M " + low + "L " + info + "I";
	}

}
