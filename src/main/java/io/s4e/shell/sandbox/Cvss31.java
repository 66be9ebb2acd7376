package io.s4e.shell.sandbox;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CVSS v3.1 base score calculator (FIRST specification, section 7), so every catalogue score is the one its
 * vector yields.
 */
final class Cvss31 {

	private Cvss31() {
	}

	/** Base score of a vector such as {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}. */
	static double baseScore(String vector) {
		Map<String, String> m = parse(vector);
		boolean scopeChanged = "C".equals(m.get("S"));
		double av = switch (m.get("AV")) {
			case "N" -> 0.85;
			case "A" -> 0.62;
			case "L" -> 0.55;
			case "P" -> 0.2;
			default -> throw bad(vector, "AV");
		};
		double ac = switch (m.get("AC")) {
			case "L" -> 0.77;
			case "H" -> 0.44;
			default -> throw bad(vector, "AC");
		};
		double pr = switch (m.get("PR")) {
			case "N" -> 0.85;
			case "L" -> scopeChanged ? 0.68 : 0.62;
			case "H" -> scopeChanged ? 0.5 : 0.27;
			default -> throw bad(vector, "PR");
		};
		double ui = switch (m.get("UI")) {
			case "N" -> 0.85;
			case "R" -> 0.62;
			default -> throw bad(vector, "UI");
		};
		double c = cia(m.get("C"), vector);
		double i = cia(m.get("I"), vector);
		double a = cia(m.get("A"), vector);
		double iss = 1 - (1 - c) * (1 - i) * (1 - a);
		double impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
		double exploitability = 8.22 * av * ac * pr * ui;
		if (impact <= 0) {
			return 0.0;
		}
		return scopeChanged ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
				: roundUp(Math.min(impact + exploitability, 10));
	}

	/** Qualitative rating of a score: none is reported as {@code info}. */
	static String severity(double score) {
		if (score >= 9.0) {
			return "critical";
		}
		if (score >= 7.0) {
			return "high";
		}
		if (score >= 4.0) {
			return "medium";
		}
		if (score >= 0.1) {
			return "low";
		}
		return "info";
	}

	/** The specification's Roundup, which avoids floating-point artefacts such as 4.000000001 -> 4.1. */
	static double roundUp(double value) {
		long intInput = Math.round(value * 100000);
		if (intInput % 10000 == 0) {
			return intInput / 100000.0;
		}
		return (Math.floor(intInput / 10000.0) + 1) / 10.0;
	}

	private static double cia(String value, String vector) {
		if (value == null) {
			throw bad(vector, "C/I/A");
		}
		return switch (value) {
			case "H" -> 0.56;
			case "L" -> 0.22;
			case "N" -> 0.0;
			default -> throw bad(vector, "C/I/A");
		};
	}

	private static Map<String, String> parse(String vector) {
		if (vector == null || !vector.startsWith("CVSS:3.1/")) {
			throw new IllegalArgumentException("not a CVSS 3.1 vector: " + vector);
		}
		Map<String, String> metrics = new HashMap<>();
		for (String part : vector.substring("CVSS:3.1/".length()).split("/")) {
			int colon = part.indexOf(':');
			if (colon < 1) {
				throw new IllegalArgumentException("malformed metric '" + part + "' in " + vector);
			}
			metrics.put(part.substring(0, colon).toUpperCase(Locale.ROOT), part.substring(colon + 1));
		}
		for (String required : new String[] { "AV", "AC", "PR", "UI", "S", "C", "I", "A" }) {
			if (!metrics.containsKey(required)) {
				throw bad(vector, required);
			}
		}
		return metrics;
	}

	private static IllegalArgumentException bad(String vector, String metric) {
		return new IllegalArgumentException("missing or invalid " + metric + " in " + vector);
	}

}
