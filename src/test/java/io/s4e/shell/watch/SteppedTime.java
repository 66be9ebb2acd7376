package io.s4e.shell.watch;

import java.time.Duration;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.sandbox.ManualClock;

/**
 * Time that only the test moves: a sleeper waits until {@link #advance(Duration)} has carried the clock past its
 * wake-up time. Lets a test look at the screen between steps.
 */
final class SteppedTime implements TimeSource {

	final ManualClock clock = ManualClock.atDocumentationEpoch();

	private final Object moved = new Object();

	@Override
	public long millis() {
		return clock.millis();
	}

	@Override
	public void sleep(long millis) throws InterruptedException {
		long wake = clock.millis() + millis;
		synchronized (moved) {
			while (clock.millis() < wake) {
				moved.wait(10);
			}
		}
	}

	void advance(Duration by) {
		clock.advance(by);
		synchronized (moved) {
			moved.notifyAll();
		}
	}

}
