package io.s4e.shell.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side pacing from the server's {@code X-RateLimit-*} headers, so a batch stays under the limit instead of
 * collecting 429s. Requests go straight through while the announced remaining budget is comfortable; near the
 * end of it they are spaced at the refill rate ({@code limit} per minute), and after a 429 nothing is sent before
 * {@code Retry-After}. Buckets are kept apart (scan creation has its own, smaller limit). Thread-safe: callers
 * reserve slots in order, so concurrent workers share one budget.
 */
public final class RateLimiter {

	/** The announced budget of one bucket as last seen. */
	public record Budget(int limit, int remaining, long resetEpochSeconds) {

		/** Milliseconds between requests that the limit sustains (the documented window is a minute). */
		public long refillIntervalMillis() {
			return limit <= 0 ? 0 : (long) Math.ceil(60_000.0 / limit);
		}

	}

	private static final class Bucket {

		Budget budget;

		long localRemaining = Long.MAX_VALUE;

		long nextSlotMillis;

		long blockedUntilMillis;

	}

	/** Budget kept in hand for other callers (interactive TAB, a watch) while a batch runs. */
	private static final int RESERVE = 1;

	private final TimeSource time;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public RateLimiter(TimeSource time) {
		this.time = time;
	}

	/** Waits until a request in {@code bucket} may go. */
	public void acquire(String bucket) throws InterruptedException {
		long delay = reserve(bucket);
		if (delay > 0) {
			time.sleep(delay);
		}
	}

	/** Reserves the next slot and returns how long to wait for it. */
	long reserve(String name) {
		Bucket b = buckets.computeIfAbsent(name, k -> new Bucket());
		synchronized (b) {
			long now = time.millis();
			long start = Math.max(now, b.blockedUntilMillis);
			if (b.budget != null && b.localRemaining <= RESERVE) {
				start = Math.max(start, b.nextSlotMillis);
				b.nextSlotMillis = start + b.budget.refillIntervalMillis();
			}
			else if (b.budget != null) {
				b.nextSlotMillis = Math.max(b.nextSlotMillis, start);
			}
			if (b.localRemaining != Long.MAX_VALUE) {
				b.localRemaining--;
			}
			return start - now;
		}
	}

	/** Takes in the headers of a response. Missing or malformed headers leave the bucket as it was. */
	public void update(String name, String limit, String remaining, String reset) {
		Integer l = parse(limit);
		Integer r = parse(remaining);
		if (l == null || r == null) {
			return;
		}
		Long resetAt = reset == null ? null : parseLong(reset);
		Bucket b = buckets.computeIfAbsent(name, k -> new Bucket());
		synchronized (b) {
			b.budget = new Budget(l, r, resetAt == null ? 0 : resetAt);
			// The server's count is the truth; a reply overtaken by a concurrent one may overstate it by a
			// little, which the reserve absorbs.
			b.localRemaining = r;
			if (r <= 0) {
				long now = time.millis();
				long untilReset = resetAt == null ? 0 : resetAt * 1000 - now;
				long wait = untilReset > 0 ? Math.min(untilReset, b.budget.refillIntervalMillis())
						: b.budget.refillIntervalMillis();
				b.blockedUntilMillis = Math.max(b.blockedUntilMillis, now + wait);
			}
		}
	}

	/** After a 429: nothing goes out in this bucket before {@code retryAfterMillis}. */
	public void backOff(String name, long retryAfterMillis) {
		Bucket b = buckets.computeIfAbsent(name, k -> new Bucket());
		synchronized (b) {
			b.blockedUntilMillis = Math.max(b.blockedUntilMillis, time.millis() + retryAfterMillis);
			b.localRemaining = 0;
		}
	}

	public Optional<Budget> budget(String name) {
		Bucket b = buckets.get(name);
		if (b == null) {
			return Optional.empty();
		}
		synchronized (b) {
			return Optional.ofNullable(b.budget);
		}
	}

	private static Integer parse(String v) {
		if (v == null) {
			return null;
		}
		try {
			return Integer.valueOf(v.trim());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private static Long parseLong(String v) {
		try {
			return Long.valueOf(v.trim());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

}
