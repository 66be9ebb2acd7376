package io.s4e.shell.sandbox;

import java.util.List;

/**
 * What a scan will do once it starts, fixed at creation from the seed so the outcome does not depend on when or
 * how often the world is advanced. All offsets are milliseconds after the scan starts.
 *
 * @param failAtMillis when the scan fails, or null if it completes at {@code durationMillis}
 * @param failError the failure message, when {@code failAtMillis} is set
 */
record ScanPlan(long durationMillis, List<Phase> phases, List<PlannedFinding> findings, Long failAtMillis,
		String failError) {

	ScanPlan {
		phases = List.copyOf(phases);
		findings = List.copyOf(findings);
	}

	/** Offset at which the scan stops: its failure, or its completion. */
	long endMillis() {
		return failAtMillis != null ? failAtMillis : durationMillis;
	}

	boolean fails() {
		return failAtMillis != null;
	}

	/** The phase running at {@code elapsedMillis} after start. */
	String phaseAt(long elapsedMillis) {
		for (Phase phase : phases) {
			if (elapsedMillis < phase.endMillis()) {
				return phase.name();
			}
		}
		return phases.get(phases.size() - 1).name();
	}

	/** How many planned findings are discovered before the scan stops. */
	int reachableFindings() {
		int n = 0;
		for (PlannedFinding finding : findings) {
			if (finding.atMillis() <= endMillis()) {
				n++;
			}
		}
		return n;
	}

	record Phase(String name, long startMillis, long endMillis) {
	}

	record PlannedFinding(String templateId, long atMillis) {
	}

}
