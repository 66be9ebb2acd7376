package io.s4e.shell.watch;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;

/**
 * One watched scan as last seen: what the server said (merged over everything it said before) and what the watch
 * itself observed, in the watch clock's milliseconds.
 *
 * @param firstSeenMillis when the watch first read the scan
 * @param runningSinceMillis when the watch saw it running, for servers that do not send {@code started_at}
 * @param endedMillis when the watch saw it end, for servers that do not send {@code completed_at}
 * @param observedMillis when {@code scan} was last updated, so a server ETA can be counted down
 * @param problem the last error met while following it (network, 404), or null
 */
public record WatchedScan(Scan scan, long firstSeenMillis, Long runningSinceMillis, Long endedMillis,
		long observedMillis, String problem) {

	public String id() {
		return scan.id();
	}

	public boolean isTerminal() {
		return scan.isTerminal();
	}

	public FindingSummary findings() {
		return scan.findingSummary() == null ? FindingSummary.EMPTY : scan.findingSummary();
	}

	/** Milliseconds since the scan started running (till it ended), or null while it is queued. */
	public Long elapsedMillis(long now) {
		Long start = epochMillis(scan.startedAt());
		if (start == null) {
			start = runningSinceMillis;
		}
		if (start == null) {
			return null;
		}
		Long end = epochMillis(scan.completedAt());
		if (end == null && isTerminal()) {
			end = endedMillis != null ? endedMillis : observedMillis;
		}
		long until = end != null ? end : now;
		return Math.max(0, until - start);
	}

	/**
	 * Seconds left: the server's ETA counted down since it was read, else extrapolated from progress and elapsed
	 * time; null when there is nothing to go on, 0 once the scan has ended.
	 */
	public Long etaSeconds(long now) {
		if (isTerminal()) {
			return 0L;
		}
		if (scan.etaSeconds() != null) {
			return Math.max(0, scan.etaSeconds() - (now - observedMillis) / 1000);
		}
		Long elapsed = elapsedMillis(now);
		Integer progress = scan.progress();
		if (elapsed == null || progress == null || progress <= 0 || progress >= 100) {
			return null;
		}
		return elapsed * (100 - progress) / progress / 1000;
	}

	WatchedScan with(Scan next, long now) {
		Long running = runningSinceMillis;
		if (running == null && "running".equals(next.status())) {
			running = now;
		}
		Long ended = endedMillis;
		if (ended == null && next.isTerminal()) {
			ended = now;
		}
		return new WatchedScan(next, firstSeenMillis, running, ended, now, null);
	}

	WatchedScan withProblem(String message) {
		return new WatchedScan(scan, firstSeenMillis, runningSinceMillis, endedMillis, observedMillis, message);
	}

	static Long epochMillis(String iso) {
		if (iso == null || iso.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(iso).toEpochMilli();
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}

}
