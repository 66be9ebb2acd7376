package io.s4e.shell.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The handles {@code scanAll} made (a plain list: sort, group and filter it), in the order of the assets given (assets it skipped are left out), plus what
 * happened: how many scans were created, adopted (already running), skipped, and how many creates the server
 * answered 429 (the client's pacing keeps that at 0).
 */
public final class ScanBatch extends ArrayList<ScanHandle> {

	private static final long serialVersionUID = 1L;

	private final int created;

	private final int adopted;

	private final List<Map<String, String>> failures;

	private final int throttled;

	ScanBatch(List<ScanHandle> handles, int created, int adopted, List<Map<String, String>> failures,
			int throttled) {
		super(handles);
		this.created = created;
		this.adopted = adopted;
		this.failures = List.copyOf(failures);
		this.throttled = throttled;
	}

	public int getCreated() {
		return created;
	}

	public int getAdopted() {
		return adopted;
	}

	/** Assets skipped, each {@code [asset: ID, error: why]}. */
	public List<Map<String, String>> getFailures() {
		return failures;
	}

	public int getThrottled() {
		return throttled;
	}

	String summary() {
		return created + " created, " + adopted + " adopted (already running)"
				+ (failures.isEmpty() ? "" : ", " + failures.size() + " skipped")
				+ (throttled == 0 ? "" : ", " + throttled + " creates answered 429 and were retried");
	}

}
