package io.s4e.shell.output;

import java.util.Locale;

import io.s4e.shell.api.model.Severity;

/** The colours used for severities and statuses, as ANSI SGR parameters. */
enum Tone {

	NONE(""), CRITICAL("1;31"), HIGH("31"), MEDIUM("33"), LOW("34"), INFO("2"), GOOD("32"), BUSY("36"), WARN("33"),
	BAD("31"), MUTED("2"), HEADER("1");

	private static final String RESET = "\u001b[0m";

	private final String sgr;

	Tone(String sgr) {
		this.sgr = sgr;
	}

	/** The text wrapped in this tone's SGR sequence when colour is on; otherwise the text unchanged. */
	String paint(String text, boolean color) {
		if (!color || sgr.isEmpty() || text.isEmpty()) {
			return text;
		}
		return "\u001b[" + sgr + "m" + text + RESET;
	}

	static Tone severity(String severity) {
		return Severity.parse(severity).map(s -> switch (s) {
			case CRITICAL -> CRITICAL;
			case HIGH -> HIGH;
			case MEDIUM -> MEDIUM;
			case LOW -> LOW;
			case INFO -> INFO;
		}).orElse(NONE);
	}

	/** Scan, finding and asset statuses share one palette: done/fixed green, running cyan, bad red, closed dim. */
	static Tone status(String status) {
		if (status == null) {
			return NONE;
		}
		return switch (status.toLowerCase(Locale.ROOT)) {
			case "completed", "resolved", "active" -> GOOD;
			case "running" -> BUSY;
			case "queued", "pending_verification", "open" -> WARN;
			case "failed", "confirmed" -> BAD;
			case "cancelled", "canceled", "false_positive", "accepted_risk", "accepted", "inactive" -> MUTED;
			default -> NONE;
		};
	}

	/** Risk scores 0-100: 80+ critical, 60+ high, 30+ medium, otherwise low. */
	static Tone risk(Integer score) {
		if (score == null) {
			return NONE;
		}
		return score >= 80 ? CRITICAL : score >= 60 ? HIGH : score >= 30 ? MEDIUM : LOW;
	}

}
