package io.s4e.shell.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to, so scan lifecycles can be driven deterministically: the sandbox derives
 * all scan state from the clock's current instant.
 */
public final class ManualClock extends Clock {

	private final AtomicReference<Instant> now;

	public ManualClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/** Starts at the timestamp the S4E documentation examples use. */
	public static ManualClock atDocumentationEpoch() {
		return new ManualClock(Instant.parse("2026-04-28T12:00:00Z"));
	}

	public Instant advance(Duration by) {
		if (by.isNegative()) {
			throw new IllegalArgumentException("a clock does not run backwards: " + by);
		}
		return now.updateAndGet(t -> t.plus(by));
	}

	public void set(Instant instant) {
		now.set(instant);
	}

	@Override
	public Instant instant() {
		return now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// Shares the same instant source; only UTC is used by the sandbox.
		return this;
	}

}
