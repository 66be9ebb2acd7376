package io.s4e.shell.watch;

/** How often a polled scan is read when the budget allows it. */
public enum Pace {

	/** Someone is looking: once a second, the documented floor. */
	LIVE,

	/** Long unattended waits (CI, playbooks): the documented advice, 5 s doubling up to 60 s. */
	BACKOFF;

	static final long FLOOR_MILLIS = 1000;

	static final long BACKOFF_FIRST_MILLIS = 5000;

	static final long BACKOFF_MAX_MILLIS = 60_000;

	/** The wanted interval before the scan's next poll, given how many times it was polled already. */
	long baseIntervalMillis(int pollsSoFar) {
		if (this == LIVE) {
			return FLOOR_MILLIS;
		}
		int doublings = Math.min(Math.max(pollsSoFar - 1, 0), 5);
		return Math.min(BACKOFF_FIRST_MILLIS << doublings, BACKOFF_MAX_MILLIS);
	}

}
