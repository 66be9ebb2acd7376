package io.s4e.shell.api.model;

import java.util.List;
import java.util.Set;

/** The documented scan states; the server may send others, which are kept as they come. */
public final class ScanState {

	public static final String QUEUED = "queued";
	public static final String RUNNING = "running";
	public static final String COMPLETED = "completed";
	public static final String FAILED = "failed";
	public static final String CANCELLED = "cancelled";

	public static final List<String> ALL = List.of(QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED);

	private static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED, "canceled");

	private ScanState() {
	}

	public static boolean isTerminal(String status) {
		return status != null && TERMINAL.contains(status);
	}

	public static boolean isActive(String status) {
		return QUEUED.equals(status) || RUNNING.equals(status);
	}

}
