package io.s4e.shell.sandbox;

import java.util.List;
import java.util.Locale;

/**
 * Which of the two documented S4E response styles the sandbox serves.
 * <ul>
 * <li>{@link #REFERENCE}: {@code {"data": ...}} envelopes, short IDs ({@code a-1001}, {@code sc-44021},
 * {@code f-91827}), {@code estimated_duration_minutes}, {@code discovered_at}, {@code current_phase}.</li>
 * <li>{@link #GUIDE}: bare objects, lists under {@code scans}/{@code findings} plus {@code meta} (assets stay under
 * {@code data}, their only documented shape), UUIDs, {@code estimated_duration} in seconds, {@code created_at} on
 * findings, {@code phase} in scan status.</li>
 * </ul>
 */
public enum SandboxDialect {

	REFERENCE(List.of("open", "confirmed", "resolved", "false_positive", "accepted_risk"), 20),

	GUIDE(List.of("open", "resolved", "accepted", "false_positive"), 25);

	private final List<String> findingStatuses;

	private final int findingsPerPageDefault;

	SandboxDialect(List<String> findingStatuses, int findingsPerPageDefault) {
		this.findingStatuses = findingStatuses;
		this.findingsPerPageDefault = findingsPerPageDefault;
	}

	/** The finding status vocabulary this dialect's documentation uses. */
	public List<String> findingStatuses() {
		return findingStatuses;
	}

	/** The findings guide documents 25 per page; every reference list uses 20. */
	int findingsPerPageDefault() {
		return findingsPerPageDefault;
	}

	/** The name used on the command line and in state files: {@code reference} or {@code guide}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static SandboxDialect parse(String value) {
		for (SandboxDialect dialect : values()) {
			if (dialect.wireName().equalsIgnoreCase(value == null ? "" : value.trim())) {
				return dialect;
			}
		}
		throw new IllegalArgumentException("unknown dialect '" + value + "' (expected reference or guide)");
	}

}
