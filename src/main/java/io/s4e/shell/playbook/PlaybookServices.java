package io.s4e.shell.playbook;

import java.util.function.Function;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.FindingService;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;

/**
 * The shell's services a playbook works through, so that it shares the session (last scan, current asset,
 * filters) and every scan it creates is journaled like one created at the prompt.
 *
 * @param time the clock that paces waiting; the system clock outside tests
 * @param waiter how {@code await} and {@code awaitAll} wait for scans to finish
 * @param target the name of what the shell talks to, e.g. {@code sandbox} or a profile
 */
public record PlaybookServices(ScanService scans, AssetService assets, FindingService findings,
		SessionService session, TimeSource time, ScanWaiter waiter, String target) {

	/**
	 * Services that wait by polling {@code statusPoll}, paced by {@code time}, and read a scan's {@code details}
	 * once it ends. Both read without making the scan the session's last scan (which `scan status` does).
	 */
	public static PlaybookServices polling(ScanService scans, AssetService assets, FindingService findings,
			SessionService session, Function<String, Scan> statusPoll, Function<String, Scan> details,
			TimeSource time, String target) {
		return new PlaybookServices(scans, assets, findings, session, time,
				new PollingScanWaiter(statusPoll, details, time), target);
	}

	@Override
	public String toString() {
		return "PlaybookServices[target=" + target + "]";
	}

}
