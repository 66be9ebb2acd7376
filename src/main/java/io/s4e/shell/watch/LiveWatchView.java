package io.s4e.shell.watch;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Scan;

/**
 * The live table of a watch on a terminal, redrawn in place with JLine's {@link Display} from the calling thread
 * only. {@code q} or Ctrl-C leaves at once (the scans keep running); the arrow keys (or {@code j}/{@code k}) move
 * the highlight; {@code c} cancels the highlighted scan after a {@code y} confirmation. A resize redraws at the
 * new size. The terminal's mode, signal handlers and cursor are restored on the way out, whatever happens.
 */
public final class LiveWatchView {

	public enum Outcome {

		/** Every scan ended. */
		ENDED,

		/** The person left ({@code q}, Ctrl-C, end of input). */
		LEFT

	}

	static final long FRAME_MILLIS = 100;

	private static final int CTRL_C = 3;

	private static final int ESC = 27;

	private final Terminal terminal;

	private final WatchTable table;

	private final TimeSource time;

	public LiveWatchView(Terminal terminal, WatchTable table, TimeSource time) {
		this.terminal = terminal;
		this.table = table;
		this.time = time;
	}

	/**
	 * Runs until the watch is done or the person leaves.
	 * @param canceller cancels a scan and returns the server's answer; null disables {@code c}
	 * @throws RuntimeException the error that ended the watch
	 */
	public Outcome run(ScanWatch watch, Function<String, Scan> canceller) {
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean resized = new AtomicBoolean();
		Attributes saved = terminal.enterRawMode();
		Terminal.SignalHandler previousInt = terminal.handle(Terminal.Signal.INT, s -> interrupted.set(true));
		Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
		terminal.puts(InfoCmp.Capability.cursor_invisible);
		Display display = new Display(terminal, false);
		Size size = terminal.getSize();
		display.resize(rows(size), size.getColumns());
		NonBlockingReader reader = terminal.reader();
		int selected = 0;
		String confirming = null;
		String message = null;
		List<AttributedString> lines = List.of();
		try {
			int frame = 0;
			while (true) {
				// The size is asked on a resize signal, and once a second in case the signal was missed.
				if (resized.getAndSet(false) || ++frame % 10 == 0) {
					Size now = terminal.getSize();
					if (now.getColumns() != size.getColumns() || now.getRows() != size.getRows()) {
						size = now;
						display.clear();
						display.resize(rows(size), size.getColumns());
					}
				}
				List<WatchedScan> scans = watch.snapshot();
				selected = Math.max(0, Math.min(selected, scans.size() - 1));
				String status;
				if (confirming != null) {
					status = "Cancel scan " + confirming + "? y to confirm, any other key to keep it running";
				}
				else {
					status = (message != null ? message + "  |  " : "") + WatchTable.tally(scans) + " via "
							+ watch.source().label() + "  |  q quit, arrows select"
							+ (canceller != null ? ", c cancel" : "");
				}
				lines = table.frame(scans, time.millis(), size.getColumns(), rows(size), selected, status);
				display.update(lines, endOf(lines, size.getColumns()));
				terminal.flush();
				if (interrupted.get()) {
					return Outcome.LEFT;
				}
				if (watch.failure() != null) {
					throw watch.failure();
				}
				if (watch.isDone()) {
					return Outcome.ENDED;
				}
				int c = reader.read(FRAME_MILLIS);
				if (c == NonBlockingReader.EOF) {
					return Outcome.LEFT;
				}
				if (c == NonBlockingReader.READ_EXPIRED) {
					continue;
				}
				if (confirming != null) {
					String id = confirming;
					confirming = null;
					message = c == 'y' || c == 'Y' ? cancel(watch, canceller, id) : "Kept " + id + " running.";
					continue;
				}
				switch (c) {
					case 'q', 'Q', CTRL_C -> {
						return Outcome.LEFT;
					}
					case 'j' -> selected++;
					case 'k' -> selected--;
					case 'c', 'C' -> {
						if (canceller != null && !scans.isEmpty()) {
							WatchedScan target = scans.get(selected);
							if (target.isTerminal()) {
								message = target.id() + " has already ended.";
							}
							else {
								confirming = target.id();
							}
						}
					}
					case ESC -> selected += arrow(reader);
					default -> {
						// other keys do nothing
					}
				}
			}
		}
		catch (java.io.IOException e) {
			return Outcome.LEFT;
		}
		finally {
			// Leave the last frame on screen and put the cursor on the line below it.
			try {
				display.update(lines, endOf(lines, size.getColumns()));
			}
			catch (RuntimeException ignored) {
				// the terminal went away; nothing more to draw
			}
			terminal.puts(InfoCmp.Capability.cursor_normal);
			terminal.writer().println();
			terminal.setAttributes(saved);
			terminal.handle(Terminal.Signal.INT, previousInt);
			terminal.handle(Terminal.Signal.WINCH, previousWinch);
			terminal.flush();
		}
	}

	private static String cancel(ScanWatch watch, Function<String, Scan> canceller, String id) {
		try {
			Scan answer = canceller.apply(id);
			watch.offer(answer);
			return "Cancelled " + id + ".";
		}
		catch (S4eException e) {
			return e.getMessage();
		}
	}

	/** After ESC: {@code [A}/{@code OA} is up, {@code [B}/{@code OB} down. */
	private static int arrow(NonBlockingReader reader) throws java.io.IOException {
		int next = reader.read(50);
		if (next != '[' && next != 'O') {
			return 0;
		}
		int key = reader.read(50);
		return key == 'A' ? -1 : key == 'B' ? 1 : 0;
	}

	/** Rows the frame may use: all but one, so the prompt line below it stays on screen. */
	private static int rows(Size size) {
		return Math.max(3, size.getRows() - 1);
	}

	/** The cursor position just after the last line, in {@link Display}'s units (row * (columns + 1) + column). */
	private static int endOf(List<AttributedString> lines, int columns) {
		if (lines.isEmpty()) {
			return 0;
		}
		return (lines.size() - 1) * (columns + 1) + lines.get(lines.size() - 1).columnLength();
	}

}
