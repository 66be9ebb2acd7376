package io.s4e.shell.watch;

import java.time.Duration;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.sandbox.ManualClock;

/**
 * Virtual time shared by a sandbox and the watch: sleeping moves the sandbox's clock forward at once, so minutes
 * of polling run in a moment and every wait is exactly as long as the code asked for.
 */
final class VirtualTime implements TimeSource {

	final ManualClock clock = ManualClock.atDocumentationEpoch();

	@Override
	public long millis() {
		return clock.millis();
	}

	@Override
	public void sleep(long millis) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		if (millis > 0) {
			clock.advance(Duration.ofMillis(millis));
		}
	}

}
