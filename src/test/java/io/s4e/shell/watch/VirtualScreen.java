package io.s4e.shell.watch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.impl.LineDisciplineTerminal;

/**
 * A JLine terminal whose output goes into a VT100 screen emulator, so a test can read the screen as a person
 * would see it, type keys, and resize it.
 */
final class VirtualScreen implements AutoCloseable {

	final ScreenTerminal screen;

	final LineDisciplineTerminal terminal;

	VirtualScreen(int columns, int rows) throws IOException {
		this.screen = new ScreenTerminal(columns, rows);
		this.terminal = new LineDisciplineTerminal("test", "xterm-256color", new ScreenStream(screen),
				StandardCharsets.UTF_8);
		terminal.setSize(new Size(columns, rows));
	}

	/** The screen's lines, trailing blanks removed. */
	List<String> lines() {
		return Arrays.stream(screen.toString().split("\n", -1)).map(String::stripTrailing).toList();
	}

	String text() {
		return String.join("\n", lines());
	}

	/** Index of the first screen line containing {@code text}, or -1. */
	int rowOf(String text) {
		List<String> lines = lines();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	long nonBlankLines() {
		return lines().stream().filter(l -> !l.isBlank()).count();
	}

	/** Waits (real time, up to 10 s) until the screen satisfies {@code condition}. */
	boolean await(Predicate<VirtualScreen> condition) throws InterruptedException {
		long until = System.currentTimeMillis() + 10_000;
		while (System.currentTimeMillis() < until) {
			if (condition.test(this)) {
				return true;
			}
			Thread.sleep(20);
		}
		return condition.test(this);
	}

	void type(String keys) throws IOException {
		terminal.processInputBytes(keys.getBytes(StandardCharsets.UTF_8));
	}

	void resize(int columns, int rows) {
		screen.setSize(columns, rows);
		terminal.setSize(new Size(columns, rows));
		terminal.raise(org.jline.terminal.Terminal.Signal.WINCH);
	}

	@Override
	public void close() throws IOException {
		terminal.close();
	}

	/** Decodes UTF-8 as it comes (a character may arrive split over several writes) into the emulator. */
	private static final class ScreenStream extends OutputStream {

		private final ScreenTerminal screen;

		private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();

		private final ByteBuffer pending = ByteBuffer.allocate(64);

		ScreenStream(ScreenTerminal screen) {
			this.screen = screen;
		}

		@Override
		public synchronized void write(int b) {
			pending.put((byte) b);
			pending.flip();
			CharBuffer out = CharBuffer.allocate(64);
			decoder.decode(pending, out, false);
			pending.compact();
			out.flip();
			if (out.hasRemaining()) {
				screen.write(out);
			}
		}

	}

}
