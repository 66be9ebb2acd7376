package io.s4e.shell.playbook;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.sandbox.ManualClock;

/**
 * Time for the client and the waiter that moves the sandbox's manual clock instead of sleeping: a sleep of d
 * moves the clock to at least (when the sleep began + d). Concurrent sleepers share one monotonic clock, as real
 * threads share the wall clock, so rate limits and scan lifecycles behave as in real time, only without waiting.
 */
final class VirtualTime implements TimeSource {

	private final ManualClock clock;

	VirtualTime(ManualClock clock) {
		this.clock = clock;
	}

	@Override
	public long millis() {
		return clock.millis();
	}

	@Override
	public void sleep(long millis) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException("sleep interrupted");
		}
		if (millis <= 0) {
			return;
		}
		long target = clock.millis() + millis;
		synchronized (this) {
			long now = clock.millis();
			if (target > now) {
				clock.advance(java.time.Duration.ofMillis(target - now));
			}
		}
		// Let other workers observe the new time before this one races ahead.
		Thread.yield();
	}

}
