package io.s4e.shell.watch;

import java.io.PrintWriter;

import io.s4e.shell.api.TimeSource;

/**
 * Progress of a wait on a terminal's stderr: one line, rewritten in place on every change, ended with a newline
 * when the wait is over ({@link #finish()}).
 */
public final class ProgressLine implements WatchListener {

	private final PrintWriter err;

	private final WatchTable table = new WatchTable(false);

	private final TimeSource time;

	private final int width;

	private boolean drawn;

	public ProgressLine(PrintWriter err, TimeSource time, int width) {
		this.err = err;
		this.time = time;
		this.width = width <= 0 ? 100 : width;
	}

	@Override
	public synchronized void onChange(WatchChange change) {
		String text = table.line(change, time.millis());
		if (text.length() > width - 1) {
			text = text.substring(0, width - 1);
		}
		err.print("\r" + text + "\u001b[K");
		err.flush();
		drawn = true;
	}

	@Override
	public synchronized void onNotice(String message) {
		if (drawn) {
			err.println();
			drawn = false;
		}
		err.println(message);
		err.flush();
	}

	/** Ends the progress line, keeping its last text. */
	public synchronized void finish() {
		if (drawn) {
			err.println();
			err.flush();
			drawn = false;
		}
	}

}
