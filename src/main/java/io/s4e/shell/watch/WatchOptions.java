package io.s4e.shell.watch;

import java.time.Duration;

/**
 * How a watch gets its data.
 *
 * @param pace how often to poll when polling
 * @param useEventStream try the event stream first (one connection for every scan, no polling)
 * @param streamOpenTimeout how long to wait for the stream to open before polling instead
 * @param discoveryInterval how often a polling {@code --all} watch lists scans to pick up new ones (at least)
 * @param streamRetry wait before the stream's first reconnect (doubled after each further drop)
 */
public record WatchOptions(Pace pace, boolean useEventStream, Duration streamOpenTimeout,
		Duration discoveryInterval, Duration streamRetry) {

	public static WatchOptions live() {
		return new WatchOptions(Pace.LIVE, true, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(1));
	}

	/** For unattended waits: the documented 5 s to 60 s back-off when polling. */
	public static WatchOptions unattended() {
		return new WatchOptions(Pace.BACKOFF, true, Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofSeconds(1));
	}

	public WatchOptions withPace(Pace newPace) {
		return new WatchOptions(newPace, useEventStream, streamOpenTimeout, discoveryInterval, streamRetry);
	}

	public WatchOptions withEventStream(boolean use) {
		return new WatchOptions(pace, use, streamOpenTimeout, discoveryInterval, streamRetry);
	}

	public WatchOptions withStreamRetry(Duration firstDelay) {
		return new WatchOptions(pace, useEventStream, streamOpenTimeout, discoveryInterval, firstDelay);
	}

}
