package io.s4e.shell.playbook;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Scan;

/**
 * Waits by polling each scan's status endpoint, never more than once a second per scan (the documented floor),
 * backing off while a scan runs and using its ETA when the server gives one. Polls go out one at a time through
 * the client, whose rate limiter spaces them when the budget runs low, so waiting for hundreds of scans costs a
 * bounded number of requests per minute and draws no 429.
 */
final class PollingScanWaiter implements ScanWaiter {

	static final long MIN_INTERVAL_MILLIS = 1000;

	static final long MAX_INTERVAL_MILLIS = 10_000;

	private final Function<String, Scan> status;

	private final Function<String, Scan> details;

	private final TimeSource time;

	/**
	 * @param status the lightweight status read, polled while a scan runs
	 * @param details the full read, once per scan when it ends (its finding summary, times, error)
	 */
	PollingScanWaiter(Function<String, Scan> status, Function<String, Scan> details, TimeSource time) {
		this.status = status;
		this.details = details;
		this.time = time;
	}

	private static final class Pending {

		final String id;

		long due;

		long interval = MIN_INTERVAL_MILLIS;

		Pending(String id, long due) {
			this.id = id;
			this.due = due;
		}

	}

	@Override
	public Map<String, Scan> await(Collection<Scan> known, Duration timeout, Consumer<Scan> onChange)
			throws InterruptedException {
		long start = time.millis();
		long deadline = timeout == null ? Long.MAX_VALUE : start + Math.max(0, timeout.toMillis());
		Map<String, Scan> states = new LinkedHashMap<>();
		PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
		for (Scan scan : known) {
			states.put(scan.id(), scan);
			if (!scan.isTerminal()) {
				// A scan just created is known to be queued: the first look is worth a second's wait.
				queue.add(new Pending(scan.id(), start + MIN_INTERVAL_MILLIS));
			}
		}
		while (!queue.isEmpty()) {
			Pending next = queue.poll();
			if (next.due > deadline) {
				long rest = deadline - time.millis();
				if (rest > 0) {
					time.sleep(rest);
				}
				break;
			}
			long wait = next.due - time.millis();
			if (wait > 0) {
				time.sleep(wait);
			}
			if (Thread.interrupted()) {
				throw new InterruptedException("interrupted while waiting for scans");
			}
			Scan previous = states.get(next.id);
			Scan now = status.apply(next.id).mergedOver(previous);
			if (now.isTerminal()) {
				now = details.apply(next.id).mergedOver(now);
			}
			states.put(next.id, now);
			if (changed(previous, now)) {
				onChange.accept(now);
			}
			if (!now.isTerminal()) {
				next.interval = nextInterval(next.interval, now);
				next.due = time.millis() + next.interval;
				queue.add(next);
			}
		}
		return states;
	}

	/** Backs off by half again per poll, or polls at half the ETA; always within 1-10 s. */
	static long nextInterval(long previous, Scan scan) {
		long candidate = scan.etaSeconds() != null && scan.etaSeconds() > 0 ? scan.etaSeconds() * 500
				: previous * 3 / 2;
		return Math.max(MIN_INTERVAL_MILLIS, Math.min(MAX_INTERVAL_MILLIS, candidate));
	}

	private static boolean changed(Scan before, Scan after) {
		return before == null || !Objects.equals(before.status(), after.status())
				|| !Objects.equals(before.progress(), after.progress());
	}

}
