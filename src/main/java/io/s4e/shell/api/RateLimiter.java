package io.s4e.shell.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side pacing from the server's {@code X-RateLimit-*} headers, so a batch stays under the limit instead of
 * collecting 429s. Requests go straight through while the announced remaining budget is comfortable; near the
 * end of it they are spaced a little wider than the refill rate ({@code limit} per minute), and after a 429
 * nothing is sent before {@code Retry-After}. Buckets are kept apart (scan creation has its own, smaller limit).
 * <p>
 * Thread-safe: callers reserve slots in order, so concurrent workers share one budget. Each request holds a
 * {@link Permit} until its reply is in. A reply tells how much budget the server had left when it counted that
 * request; the other requests still out may or may not be in that count (the server may take them in either
 * order), so they are taken off it, and a reply that arrives after a newer one's is not allowed to raise the
 * budget again: it was counted before requests that reply already accounted for.
 */
public final class RateLimiter {

	/**
	 * How much wider than the refill interval paced requests are spaced. The server's bucket then gains a little
	 * with every request, which absorbs requests that reach it closer together than they were sent (network and
	 * scheduling jitter) while a long batch stays within a few percent of the floor the limit imposes.
	 */
	static final int PACING_MARGIN_PERCENT = 2;

	/** The announced budget of one bucket as last seen. */
	public record Budget(int limit, int remaining, long resetEpochSeconds) {

		/** Milliseconds between requests that the limit sustains (the documented window is a minute). */
		public long refillIntervalMillis() {
			return limit <= 0 ? 0 : (long) Math.ceil(60_000.0 / limit);
		}

		/** The spacing of paced requests: the refill interval and the safety margin. */
		public long pacedIntervalMillis() {
			if (limit <= 0) {
				return 0;
			}
			long scaled = 60_000L * (100 + PACING_MARGIN_PERCENT);
			return (scaled + 100L * limit - 1) / (100L * limit);
		}

	}

	/**
	 * One request's place in a bucket, from its slot until its reply is in. Give the reply's headers to
	 * {@link #update}, or {@link #release} it when no reply came.
	 */
	public final class Permit implements AutoCloseable {

		private final String bucket;

		private final long sequence;

		private final long delayMillis;

		private final boolean paced;

		private boolean open = true;

		private Permit(String bucket, long sequence, long delayMillis, boolean paced) {
			this.bucket = bucket;
			this.sequence = sequence;
			this.delayMillis = delayMillis;
			this.paced = paced;
		}

		/** How long to wait, from when the permit was reserved, before sending. */
		public long delayMillis() {
			return delayMillis;
		}

		/**
		 * Once the slot has come: 0 when the request may go now (which is recorded), else how much longer to wait.
		 * A worker that woke late (a busy machine) does not send right after the one that took the next slot: a
		 * paced request goes at least the paced interval after the previous one actually sent, and none goes
		 * before a {@code Retry-After} that arrived meanwhile.
		 */
		public long untilSend() {
			Bucket b = bucket(bucket);
			synchronized (b) {
				long now = time.millis();
				long earliest = b.blockedUntilMillis;
				if (paced && b.budget != null) {
					earliest = Math.max(earliest, b.lastSentMillis + b.budget.pacedIntervalMillis());
				}
				if (now < earliest) {
					return earliest - now;
				}
				b.lastSentMillis = Math.max(b.lastSentMillis, now);
				return 0;
			}
		}

		/** Takes in the reply's headers. Missing or malformed headers leave the budget as it was. */
		public void update(String limit, String remaining, String reset) {
			apply(this, limit, remaining, reset);
		}

		/** After a 429: nothing goes out in this bucket before {@code retryAfterMillis}. */
		public void backOff(long retryAfterMillis) {
			RateLimiter.this.backOff(bucket, retryAfterMillis);
		}

		/** The request ended without a reply to learn from; it still counts against what is left. */
		public void release() {
			Bucket b = bucket(bucket);
			synchronized (b) {
				close(b);
			}
		}

		@Override
		public void close() {
			release();
		}

		private void close(Bucket b) {
			if (open) {
				open = false;
				b.inFlight--;
			}
		}

	}

	private static final class Bucket {

		Budget budget;

		long localRemaining = Long.MAX_VALUE;

		/** When the last reserved request may go; paced requests follow it at the paced interval. */
		long lastSlotMillis = Long.MIN_VALUE / 4;

		/** When the last request of the bucket actually went. */
		long lastSentMillis = Long.MIN_VALUE / 4;

		long blockedUntilMillis;

		long nextSequence;

		/** Sequence of the newest request whose reply set the budget. */
		long appliedSequence = -1;

		/** Requests reserved whose reply is not in yet. */
		int inFlight;

	}

	/** Budget kept in hand for other callers (interactive TAB, a watch) while a batch runs. */
	private static final int RESERVE = 1;

	private final TimeSource time;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public RateLimiter(TimeSource time) {
		this.time = time;
	}

	/** Waits until a request in {@code bucket} may go; the permit must then be updated or released. */
	public Permit acquire(String bucket) throws InterruptedException {
		Permit permit = reserve(bucket);
		try {
			if (permit.delayMillis() > 0) {
				time.sleep(permit.delayMillis());
			}
			for (long wait = permit.untilSend(); wait > 0; wait = permit.untilSend()) {
				time.sleep(wait);
			}
		}
		catch (InterruptedException e) {
			permit.release();
			throw e;
		}
		return permit;
	}

	/** Reserves the next slot without waiting; {@link Permit#delayMillis()} says how long to wait for it. */
	public Permit reserve(String name) {
		Bucket b = bucket(name);
		synchronized (b) {
			long now = time.millis();
			long start = Math.max(now, b.blockedUntilMillis);
			boolean paced = b.budget != null && b.localRemaining <= RESERVE;
			if (paced) {
				start = Math.max(start, b.lastSlotMillis + b.budget.pacedIntervalMillis());
			}
			b.lastSlotMillis = Math.max(b.lastSlotMillis, start);
			if (b.localRemaining != Long.MAX_VALUE) {
				b.localRemaining--;
			}
			long sequence = b.nextSequence++;
			b.inFlight++;
			return new Permit(name, sequence, start - now, paced);
		}
	}

	private void apply(Permit permit, String limit, String remaining, String reset) {
		Bucket b = bucket(permit.bucket);
		synchronized (b) {
			permit.close(b);
			Integer l = parse(limit);
			Integer r = parse(remaining);
			if (l == null || r == null) {
				return;
			}
			if (permit.sequence < b.appliedSequence) {
				// Overtaken by the reply to a later request, which counted this one too, or will have.
				return;
			}
			Long resetAt = reset == null ? null : parseLong(reset);
			b.appliedSequence = permit.sequence;
			b.budget = new Budget(l, r, resetAt == null ? 0 : resetAt);
			// The requests still out may not be in the server's count yet.
			b.localRemaining = r - b.inFlight;
			if (r <= 0 && !permit.paced) {
				// The budget ran out sooner than counted (another client shares it): wait for one refill.
				long now = time.millis();
				long untilReset = resetAt == null ? 0 : resetAt * 1000 - now;
				long interval = b.budget.pacedIntervalMillis();
				long wait = untilReset > 0 ? Math.min(untilReset, interval) : interval;
				b.blockedUntilMillis = Math.max(b.blockedUntilMillis, now + wait);
				b.lastSlotMillis = Math.max(b.lastSlotMillis, now);
			}
		}
	}

	/** After a 429: nothing goes out in this bucket before {@code retryAfterMillis}. */
	public void backOff(String name, long retryAfterMillis) {
		Bucket b = bucket(name);
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

	/** Requests of the bucket sent and not yet answered. */
	public int inFlight(String name) {
		Bucket b = buckets.get(name);
		if (b == null) {
			return 0;
		}
		synchronized (b) {
			return b.inFlight;
		}
	}

	private Bucket bucket(String name) {
		return buckets.computeIfAbsent(name, k -> new Bucket());
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
