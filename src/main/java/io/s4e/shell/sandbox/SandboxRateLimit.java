package io.s4e.shell.sandbox;

/**
 * A token-bucket limit: {@code burst} requests at once, refilled at {@code perMinute}.
 *
 * @param perMinute refill rate and the value reported in {@code X-RateLimit-Limit}
 * @param burst bucket capacity
 */
public record SandboxRateLimit(int perMinute, int burst) {

	/** S4E's standard tier: 100 requests per minute, bursts of 20. */
	public static final SandboxRateLimit STANDARD_TIER = new SandboxRateLimit(100, 20);

	/** The documented limit of {@code POST /api/scan/create}: 10 per minute. */
	public static final SandboxRateLimit SCAN_CREATE = new SandboxRateLimit(10, 10);

	private static final SandboxRateLimit UNLIMITED = new SandboxRateLimit(Integer.MAX_VALUE, Integer.MAX_VALUE);

	public SandboxRateLimit {
		if (perMinute < 1 || burst < 1) {
			throw new IllegalArgumentException("rate limit needs perMinute >= 1 and burst >= 1");
		}
	}

	/** A limit that never refuses; headers then report {@link Integer#MAX_VALUE}. */
	public static SandboxRateLimit unlimited() {
		return UNLIMITED;
	}

	/** {@code perMinute} per minute with a burst of {@code perMinute}, like the per-endpoint limits. */
	public static SandboxRateLimit perMinute(int perMinute) {
		return new SandboxRateLimit(perMinute, perMinute);
	}

	public boolean isUnlimited() {
		return perMinute == Integer.MAX_VALUE;
	}

}
