package io.s4e.shell.watch;

/**
 * Something that changed about a watched scan. A plain log prints one line for each {@link Kind#STATUS} and
 * {@link Kind#PHASE} change; a live view just redraws.
 *
 * @param previous the scan before the change, or null when it was just added
 */
public record WatchChange(Kind kind, WatchedScan scan, WatchedScan previous) {

	public enum Kind {

		/** The watch started following the scan. */
		ADDED,

		/** Queued, running, or one of the terminal states. */
		STATUS,

		/** The current phase moved on. */
		PHASE,

		/** Only the percentage moved. */
		PROGRESS,

		/** A finding arrived, or the final counts were read. */
		FINDINGS,

		/** Following the scan failed for now (network, 404); the watch goes on. */
		PROBLEM

	}

	/** Whether a line-per-change log shows it: state and phase changes, not every percent. */
	public boolean isMilestone() {
		return kind == Kind.ADDED || kind == Kind.STATUS || kind == Kind.PHASE || kind == Kind.PROBLEM;
	}

}
