package io.s4e.shell.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Severity;

/**
 * Waiting on scans, for {@code scan create --wait}, {@code scan watch} and playbooks. One engine
 * ({@link ScanWatch}) serves them all: the event stream when the server offers it, budgeted polling otherwise.
 *
 * <pre>{@code
 * WaitResult r = waiter.awaitAll(List.of("sc-1", "sc-2"), Duration.ofMinutes(10), WatchListener.NONE);
 * ScanWaiter.requireSuccess(r, Severity.HIGH, Duration.ofMinutes(10));   // exit 4 / exit 1 as exceptions
 * }</pre>
 */
public final class ScanWaiter {

	private final Supplier<S4eClient> client;

	private final TimeSource time;

	public ScanWaiter(Supplier<S4eClient> client, TimeSource time) {
		this.client = client;
		this.time = time;
	}

	public TimeSource time() {
		return time;
	}

	/** Starts a watch the caller drives (a live view); close it when done. */
	public ScanWatch watch(Collection<String> ids, ScanDiscovery discovery, WatchOptions options,
			WatchListener listener) {
		return ScanWatch.start(client.get(), time, options, ids, discovery, listener);
	}

	/** Waits for one scan; see {@link #awaitAll(Collection, Duration, WatchOptions, WatchListener)}. */
	public WaitResult await(String scanId, Duration timeout, WatchListener listener) {
		return awaitAll(List.of(scanId), timeout, WatchOptions.unattended(), listener);
	}

	/** Waits for every scan, unattended (the documented 5 s to 60 s back-off when polling). */
	public WaitResult awaitAll(Collection<String> scanIds, Duration timeout, WatchListener listener) {
		return awaitAll(scanIds, timeout, WatchOptions.unattended(), listener);
	}

	/**
	 * Waits until every scan has ended or {@code timeout} (null: no limit) has passed. The scans keep running
	 * when the wait stops early; an interrupt stops it as a {@link WaitFailedException}.
	 */
	public WaitResult awaitAll(Collection<String> scanIds, Duration timeout, WatchOptions options,
			WatchListener listener) {
		List<String> ids = new ArrayList<>(new LinkedHashSet<>(scanIds));
		if (ids.isEmpty()) {
			throw new UsageException("No scans to wait for.");
		}
		long deadline = timeout == null ? Long.MAX_VALUE : time.millis() + timeout.toMillis();
		try (ScanWatch watch = watch(ids, null, options, listener)) {
			boolean done = watch.awaitDone(deadline);
			Map<String, Scan> byId = new LinkedHashMap<>();
			for (WatchedScan s : watch.snapshot()) {
				byId.put(s.id(), s.scan());
			}
			List<Scan> scans = ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
			return new WaitResult(scans, !done, watch.source(), watch.stats());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new WaitFailedException("Stopped waiting for " + String.join(", ", ids)
					+ "; the scans keep running (`scan watch` follows them).");
		}
	}

	/**
	 * The verdict of a wait as exceptions with the documented exit codes: 4 when the time ran out or a scan failed
	 * or was cancelled, 1 when findings reach {@code failOn} (null: no gate).
	 */
	public static void requireSuccess(WaitResult result, Severity failOn, Duration timeout) {
		List<Scan> unfinished = result.unfinished();
		if (result.timedOut() && !unfinished.isEmpty()) {
			String within = timeout == null ? "" : " within " + WaitDurations.human(timeout);
			throw new WaitFailedException((unfinished.size() == 1 ? "Scan " + describe(unfinished.get(0))
					+ " did not finish" + within + "; it keeps running"
					: unfinished.size() + " scans did not finish" + within + " (" + describeAll(unfinished)
							+ "); they keep running")
					+ ": `scan watch` follows " + (unfinished.size() == 1 ? "it" : "them") + ".");
		}
		List<Scan> bad = result.notCompleted();
		if (!bad.isEmpty()) {
			Scan first = bad.get(0);
			String what = "failed".equals(first.status())
					? "failed" + (first.error() != null ? ": " + first.error() : "")
					: "was " + first.status();
			throw new WaitFailedException("Scan " + first.id() + " " + what
					+ (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more did not complete)" : "") + ".");
		}
		if (failOn != null) {
			int count = result.atOrAbove(failOn);
			if (count > 0) {
				throw new FindingsGateException((result.scans().size() == 1 ? "Scan " + result.scans().get(0).id()
						: result.scans().size() + " scans") + " found " + count + " finding" + (count == 1 ? "" : "s")
						+ " at or above " + failOn.wire() + " (" + breakdown(result.findings(), failOn) + ").");
			}
		}
	}

	/** {@code 1 critical, 2 high}: the counts at or above the threshold that are not zero. */
	static String breakdown(FindingSummary f, Severity threshold) {
		List<String> parts = new ArrayList<>();
		for (Severity s : Severity.values()) {
			if (s.atLeast(threshold) && f.count(s) > 0) {
				parts.add(f.count(s) + " " + s.wire());
			}
		}
		return String.join(", ", parts);
	}

	private static String describe(Scan s) {
		StringBuilder b = new StringBuilder(s.id()).append(" (").append(s.status());
		if (s.progress() != null) {
			b.append(", ").append(s.progress()).append('%');
		}
		if (s.currentPhase() != null) {
			b.append(", ").append(s.currentPhase());
		}
		return b.append(')').toString();
	}

	private static String describeAll(List<Scan> scans) {
		List<String> parts = new ArrayList<>();
		for (Scan s : scans) {
			parts.add(s.id() + " " + s.status() + (s.progress() != null ? " " + s.progress() + "%" : ""));
		}
		return String.join(", ", parts);
	}

}
