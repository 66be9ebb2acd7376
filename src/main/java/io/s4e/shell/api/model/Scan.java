package io.s4e.shell.api.model;

import java.util.Map;

/**
 * A scan as any S4E endpoint describes it (create, list, details, status, cancel). Fields the server did not send
 * are null; fields the client does not know are kept in {@code extra}.
 *
 * @param estimatedDurationSeconds from {@code estimated_duration} (seconds) or {@code estimated_duration_minutes}
 */
public record Scan(String id, String assetId, String assetName, String scanType, String status, String priority,
		Integer progress, String currentPhase, Long etaSeconds, FindingSummary findingSummary, String createdAt,
		String startedAt, String completedAt, Long durationSeconds, Long estimatedDurationSeconds, String message,
		String error, Map<String, Object> options, String callbackUrl, Map<String, Object> extra) {

	public Scan {
		options = Frozen.map(options);
		extra = Frozen.map(extra);
	}

	public boolean isTerminal() {
		return ScanState.isTerminal(status);
	}

	/** Fills the fields this scan lacks from {@code older}, e.g. a status reply merged into known details. */
	public Scan mergedOver(Scan older) {
		if (older == null) {
			return this;
		}
		return new Scan(id != null ? id : older.id, or(assetId, older.assetId), or(assetName, older.assetName),
				or(scanType, older.scanType), or(status, older.status), or(priority, older.priority),
				or(progress, older.progress), or(currentPhase, older.currentPhase), or(etaSeconds, older.etaSeconds),
				or(findingSummary, older.findingSummary), or(createdAt, older.createdAt),
				or(startedAt, older.startedAt), or(completedAt, older.completedAt),
				or(durationSeconds, older.durationSeconds),
				or(estimatedDurationSeconds, older.estimatedDurationSeconds), or(message, older.message),
				or(error, older.error), options.isEmpty() ? older.options : options,
				or(callbackUrl, older.callbackUrl), extra.isEmpty() ? older.extra : extra);
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}
