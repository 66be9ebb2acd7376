package io.s4e.shell.sandbox;

import java.util.concurrent.ConcurrentHashMap;

/** Token buckets per API token, refilled continuously at the limit's per-minute rate from the sandbox clock. */
final class RateLimiter {

	/**
	 * The outcome of one take, with the values for the {@code X-RateLimit-*} headers.
	 *
	 * @param resetEpochSeconds when the bucket is full again (or, when refused, when the next request is allowed)
	 * @param retryAfterSeconds seconds to wait when refused; 0 when allowed
	 */
	record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {
	}

	private final SandboxRateLimit limit;

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimiter(SandboxRateLimit limit) {
		this.limit = limit;
	}

	SandboxRateLimit limit() {
		return limit;
	}

	Decision take(String key, long nowMillis) {
		if (limit.isUnlimited()) {
			return new Decision(true, limit.perMinute(), limit.burst(), nowMillis / 1000, 0);
		}
		return buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), nowMillis)).take(limit, nowMillis);
	}

	/** The headers for a request that consumed nothing (unauthenticated ones). */
	Decision peek(String key, long nowMillis) {
		Bucket bucket = key == null ? null : buckets.get(key);
		if (limit.isUnlimited() || bucket == null) {
			return new Decision(true, limit.perMinute(), limit.burst(), nowMillis / 1000, 0);
		}
		return bucket.peek(limit, nowMillis);
	}

	private static final class Bucket {

		private double tokens;

		private long updatedAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.updatedAt = now;
		}

		synchronized Decision take(SandboxRateLimit limit, long now) {
			refill(limit, now);
			double perMilli = limit.perMinute() / 60_000.0;
			if (tokens >= 1) {
				tokens -= 1;
				return decision(true, limit, now, perMilli, 0);
			}
			long waitMillis = (long) Math.ceil((1 - tokens) / perMilli);
			long retryAfter = Math.max(1, (waitMillis + 999) / 1000);
			return new Decision(false, limit.perMinute(), 0, (now + retryAfter * 1000 + 999) / 1000, retryAfter);
		}

		synchronized Decision peek(SandboxRateLimit limit, long now) {
			refill(limit, now);
			return decision(true, limit, now, limit.perMinute() / 60_000.0, 0);
		}

		private Decision decision(boolean allowed, SandboxRateLimit limit, long now, double perMilli,
				long retryAfter) {
			long untilFull = (long) Math.ceil((limit.burst() - tokens) / perMilli);
			return new Decision(allowed, limit.perMinute(), (long) Math.floor(tokens),
					(now + untilFull + 999) / 1000, retryAfter);
		}

		private void refill(SandboxRateLimit limit, long now) {
			if (now > updatedAt) {
				tokens = Math.min(limit.burst(), tokens + (now - updatedAt) * (limit.perMinute() / 60_000.0));
				updatedAt = now;
			}
		}

	}

}
