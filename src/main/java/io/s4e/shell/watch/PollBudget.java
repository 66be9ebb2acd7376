package io.s4e.shell.watch;

/**
 * The share of the server's announced request budget a polling watch allows itself, and how that turns into the
 * spacing between its requests. The rest of the budget stays free for everything else the shell does (TAB
 * completion, a command in another window). A 429 or a retried request halves the watch's rate; a minute without
 * one lets it recover step by step.
 */
final class PollBudget {

	/** The standard tier's documented limit, assumed until the server announces one. */
	static final int DOCUMENTED_LIMIT_PER_MINUTE = 100;

	/** Fraction of the announced limit the watch may use. */
	static final double SHARE = 0.8;

	static final double MAX_SLOWDOWN = 16;

	private static final long RECOVERY_MILLIS = 60_000;

	private double slowdown = 1;

	private long lastPenaltyMillis = Long.MIN_VALUE;

	/**
	 * Milliseconds between two requests of the watch under {@code limitPerMinute} (null when unknown), after any
	 * slow-down.
	 */
	synchronized long spacingMillis(Integer limitPerMinute, long now) {
		recover(now);
		int limit = limitPerMinute == null || limitPerMinute <= 0 ? DOCUMENTED_LIMIT_PER_MINUTE : limitPerMinute;
		double perMinute = limit * SHARE;
		return (long) Math.ceil(60_000.0 / perMinute * slowdown);
	}

	/**
	 * The interval before a scan's next poll: its pace's wish, but never sooner than its fair turn when
	 * {@code activeScans} share the spacing, nor sooner than the once-a-second floor.
	 */
	static long intervalMillis(Pace pace, int pollsSoFar, int activeScans, long spacingMillis) {
		long fairTurn = Math.max(1, activeScans) * spacingMillis;
		return Math.max(Pace.FLOOR_MILLIS, Math.max(pace.baseIntervalMillis(pollsSoFar), fairTurn));
	}

	/** The server pushed back (429, or a request needed retries): go at half the rate. */
	synchronized void penalise(long now) {
		slowdown = Math.min(MAX_SLOWDOWN, slowdown * 2);
		lastPenaltyMillis = now;
	}

	synchronized double slowdown() {
		return slowdown;
	}

	private void recover(long now) {
		while (slowdown > 1 && now - lastPenaltyMillis >= RECOVERY_MILLIS) {
			slowdown = Math.max(1, slowdown / 2);
			lastPenaltyMillis += RECOVERY_MILLIS;
		}
	}

}
