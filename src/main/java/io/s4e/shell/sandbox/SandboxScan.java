package io.s4e.shell.sandbox;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A scan and its lifecycle state. Mutable, and only touched while holding the {@link SandboxWorld} lock. Times are
 * epoch milliseconds; null means "not yet".
 */
final class SandboxScan {

	static final String QUEUED = "queued";
	static final String RUNNING = "running";
	static final String COMPLETED = "completed";
	static final String FAILED = "failed";
	static final String CANCELLED = "cancelled";

	String id;

	/** Creation order; historic scans have lower numbers than any created one. */
	long number;

	String assetId;

	String scanType;

	String priority;

	Map<String, Object> options;

	String callbackUrl;

	long createdAt;

	/** Earliest time the queue may start it. */
	long eligibleAt;

	String status;

	Long startedAt;

	/** When it completed, failed or was cancelled. */
	Long endedAt;

	/** Progress frozen at the end (100 when completed). */
	Integer endProgress;

	/** Phase it was in when it failed or was cancelled. */
	String endPhase;

	String error;

	ScanPlan plan;

	/** How many of {@code plan.findings} have been materialized as findings. */
	int discovered;

	/** Last progress pushed as {@code scan.progress}, to push only changes. Not persisted. */
	@JsonIgnore
	int reportedProgress = -1;

	@JsonIgnore
	String reportedPhase;

	boolean active() {
		return QUEUED.equals(status) || RUNNING.equals(status);
	}

	boolean terminal() {
		return !active();
	}

	int priorityRank() {
		return switch (priority) {
			case "high" -> 0;
			case "normal" -> 1;
			default -> 2;
		};
	}

	/** Time of this running scan's next step: its next discovery, or its end. */
	long nextStepAt() {
		if (discovered < plan.findings().size()) {
			long at = plan.findings().get(discovered).atMillis();
			if (at <= plan.endMillis()) {
				return startedAt + at;
			}
		}
		return startedAt + plan.endMillis();
	}

	boolean nextStepIsDiscovery() {
		return discovered < plan.findings().size() && plan.findings().get(discovered).atMillis() <= plan.endMillis();
	}

	int progressAt(long now) {
		return switch (status) {
			case QUEUED -> 0;
			case RUNNING -> (int) Math.min(99, Math.max(0, (now - startedAt) * 100 / plan.durationMillis()));
			case COMPLETED -> 100;
			default -> endProgress == null ? 0 : endProgress;
		};
	}

	/** Current phase while running; the phase it stopped in when failed or cancelled; null otherwise. */
	String phaseAt(long now) {
		return switch (status) {
			case RUNNING -> plan.phaseAt(now - startedAt);
			case FAILED, CANCELLED -> endPhase;
			default -> null;
		};
	}

}
