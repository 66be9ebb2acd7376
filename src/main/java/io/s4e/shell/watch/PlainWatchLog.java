package io.s4e.shell.watch;

import java.io.PrintWriter;

import io.s4e.shell.api.TimeSource;

/**
 * The watch for pipes, CI logs and dumb terminals: one plain line per state or phase change (and per problem),
 * never an escape code, never a line for a mere percent.
 */
public final class PlainWatchLog implements WatchListener {

	private final PrintWriter out;

	private final WatchTable table = new WatchTable(false);

	private final TimeSource time;

	public PlainWatchLog(PrintWriter out, TimeSource time) {
		this.out = out;
		this.time = time;
	}

	@Override
	public void onChange(WatchChange change) {
		if (change.isMilestone()) {
			out.println(table.line(change, time.millis()));
			out.flush();
		}
	}

	@Override
	public void onNotice(String message) {
		out.println(message);
		out.flush();
	}

}
