package io.s4e.shell.playbook;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.FindingService;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.watch.ScanWaiter;

/**
 * The shell's services a playbook works through, so that it shares the session (last scan, current asset,
 * filters) and every scan it creates is journaled like one created at the prompt.
 *
 * @param waiter the shell's waiting engine, which {@code await} and {@code awaitAll} use (event stream first,
 *        polling within the rate limit otherwise); its clock paces the playbook's waits too
 * @param target the name of what the shell talks to, e.g. {@code sandbox} or a profile
 */
public record PlaybookServices(ScanService scans, AssetService assets, FindingService findings,
		SessionService session, ScanWaiter waiter, String target) {

	/** The clock that paces waiting; the system clock outside tests. */
	public TimeSource time() {
		return waiter.time();
	}

	@Override
	public String toString() {
		return "PlaybookServices[target=" + target + "]";
	}

}
