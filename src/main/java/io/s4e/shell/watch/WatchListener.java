package io.s4e.shell.watch;

/** Told about changes as the watch sees them, on the watch's own thread: keep the work short. */
public interface WatchListener {

	WatchListener NONE = new WatchListener() {
	};

	default void onChange(WatchChange change) {
	}

	/** Something about the watch as a whole, e.g. that it fell back from the event stream to polling. */
	default void onNotice(String message) {
	}

}
