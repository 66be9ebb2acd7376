package io.s4e.shell.playbook;

import java.io.PrintWriter;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.output.TerminalText;

/**
 * The live progress line of {@code scanAll} and {@code awaitAll}, on stderr. On a terminal one line is redrawn
 * in place (at most ten times a second); otherwise a line is printed at each tenth of the batch, so logs of CI
 * runs show progress without a line per scan. Thread-safe: {@code scanAll}'s workers report concurrently.
 */
final class BatchProgress {

	private static final long REDRAW_MILLIS = 100;

	private final PlaybookConsole console;

	private final TimeSource time;

	private final String what;

	private final int total;

	private long lastDraw = Long.MIN_VALUE;

	private int lastMilestone;

	private boolean drawn;

	BatchProgress(PlaybookConsole console, TimeSource time, String what, int total) {
		this.console = console;
		this.time = time;
		this.what = what;
		this.total = total;
	}

	/** Reports {@code done} of the total, with a summary such as {@code 3 completed, 1 running}. */
	synchronized void update(int done, String summary) {
		PrintWriter err = console.err();
		if (console.errIsTerminal()) {
			long now = time.millis();
			if (now - lastDraw < REDRAW_MILLIS && done < total) {
				return;
			}
			lastDraw = now;
			String line = what + " " + bar(done) + " " + done + "/" + total + ": " + summary;
			int width = console.width() > 0 ? console.width() - 1 : 0;
			err.print("\r\033[K" + (width > 0 ? TerminalText.truncate(line, width) : line));
			err.flush();
			drawn = true;
			return;
		}
		int milestone = total == 0 ? 10 : done * 10 / total;
		if (milestone > lastMilestone && done < total) {
			lastMilestone = milestone;
			err.println(what + ": " + done + "/" + total + " (" + summary + ")");
			err.flush();
		}
	}

	/** Replaces the live line with the final summary. */
	synchronized void finish(String summary) {
		PrintWriter err = console.err();
		if (drawn) {
			err.print("\r\033[K");
		}
		err.println(what + ": " + summary);
		err.flush();
	}

	private String bar(int done) {
		int cells = 20;
		int filled = total == 0 ? cells : (int) ((long) done * cells / total);
		return "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]";
	}

}
