package io.s4e.shell.sandbox;

import java.time.Duration;

/** Configurations shared by the sandbox tests. */
final class SandboxTesting {

	private SandboxTesting() {
	}

	/**
	 * Driven only by {@code clock}: no background ticker, no rate limits (the clock does not move between requests,
	 * so buckets would never refill), memory only.
	 */
	static SandboxConfig.Builder manual(ManualClock clock) {
		return SandboxConfig.builder()
			.clock(clock)
			.tickInterval(Duration.ZERO)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited());
	}

}
