package io.s4e.shell.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;

/**
 * A scan a playbook created (or adopted, when one was already running on the asset) or looked up:
 * {@code status()} asks the server, {@code await(timeout)} waits for the end, {@code results(severity: [...])}
 * lists its findings, {@code cancel()} stops it. {@code scan} is the state last seen.
 */
public final class ScanHandle extends DslObject {

	private final S4eDsl dsl;

	private final String id;

	private final boolean adopted;

	private volatile Scan last;

	ScanHandle(S4eDsl dsl, Scan scan, boolean adopted) {
		this.dsl = dsl;
		this.id = scan.id();
		this.adopted = adopted;
		this.last = scan;
	}

	@Override
	protected String dslName() {
		return "a scan handle";
	}

	public String getId() {
		return id;
	}

	public String getAssetId() {
		return last.assetId();
	}

	public String getType() {
		return last.scanType();
	}

	/** Whether the create answered 409 and this is the scan that was already running on the asset. */
	public boolean isAdopted() {
		return adopted;
	}

	/** The scan as last seen, without asking the server. */
	public Scan getScan() {
		return last;
	}

	/** The status as last seen, e.g. {@code running}; {@code status()} asks the server. */
	public String getState() {
		return last.status();
	}

	public boolean isDone() {
		return ScanState.isTerminal(last.status());
	}

	public boolean isCompleted() {
		return ScanState.COMPLETED.equals(last.status());
	}

	/** Asks the server for the scan's status, progress and phase. */
	public Scan status() {
		Scan now = dsl.services().scans().status(id);
		seen(now.mergedOver(last));
		return last;
	}

	/** Waits for the scan to end, for at most an hour. */
	public Scan await() {
		return await(null);
	}

	/**
	 * Waits for the scan to end: completed, failed or cancelled (check {@code .status}). Timeout: seconds, a
	 * {@link Duration}, or text such as {@code '90s'}, {@code '15m'}, {@code '2h'}.
	 */
	public Scan await(Object timeout) {
		dsl.awaitAll(Map.of("timeout", timeout == null ? S4eDsl.DEFAULT_TIMEOUT : timeout, "progress", false),
				List.of(this));
		return last;
	}

	/** Every finding of the scan. */
	public List<Finding> results() {
		return results(Map.of());
	}

	/** The scan's findings, e.g. {@code results(severity: ['critical', 'high'])}. */
	public List<Finding> results(Map<String, ?> options) {
		Map<String, Object> known = DslArgs.only(options, "results", "severity");
		try (var rows = dsl.services().scans().results(id, DslArgs.severities(known.get("severity")), null, null,
				true).rows()) {
			return new java.util.ArrayList<>(rows.toList());
		}
	}

	/** Cancels the scan; findings found so far are kept. */
	public Scan cancel() {
		Scan cancelled = dsl.services().scans().cancel(id);
		seen(cancelled.mergedOver(last));
		return last;
	}

	void seen(Scan scan) {
		if (scan != null && id.equals(scan.id())) {
			last = scan.mergedOver(last);
		}
	}

	@Override
	public String toString() {
		return id + " (" + last.assetId() + ", " + last.scanType() + ": " + last.status()
				+ (adopted ? ", adopted" : "") + ")";
	}

}
