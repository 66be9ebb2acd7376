package io.s4e.shell.console;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

import org.springframework.shell.core.command.CommandContext;

/**
 * Where a command's output goes and what the other end is, in the spirit of GitHub CLI's IOStreams: results go
 * to the command context's writer (stdout, or the test's buffer), progress and warnings to {@link #err()}.
 * Commands ask here whether to use colour and how wide to draw, so every command works without a terminal.
 */
public final class ConsoleIO {

	private volatile PrintWriter err;

	private volatile boolean interactive;

	private volatile boolean stdoutTty;

	private volatile boolean stderrTty;

	private volatile IntSupplier width;

	private final boolean noColor;

	public ConsoleIO(Map<String, String> env) {
		this.err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
		this.stdoutTty = Boolean.parseBoolean(System.getProperty("s4e.stdout.tty",
				String.valueOf(System.console() != null)));
		this.stderrTty = Boolean.parseBoolean(System.getProperty("s4e.stderr.tty", String.valueOf(stdoutTty)));
		this.noColor = env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty()
				|| "dumb".equals(env.get("TERM"));
		int columns = parse(env.get("COLUMNS"));
		this.width = () -> columns;
	}

	public static ConsoleIO fromEnvironment() {
		return new ConsoleIO(System.getenv());
	}

	/** Called by the interactive runner: output is the terminal, sized as the terminal is now. */
	public void attachTerminal(PrintWriter terminalWriter, IntSupplier terminalWidth) {
		this.err = terminalWriter;
		this.width = terminalWidth;
		this.interactive = true;
		this.stdoutTty = true;
		this.stderrTty = true;
	}

	/** For tests: capture the error stream and pretend to be a terminal or not. */
	public void redirect(PrintWriter err, boolean tty, int columns) {
		this.err = err;
		this.stdoutTty = tty;
		this.stderrTty = tty;
		this.width = () -> columns;
	}

	public PrintWriter out(CommandContext ctx) {
		return ctx.outputWriter();
	}

	public PrintWriter err() {
		return err;
	}

	public boolean interactive() {
		return interactive;
	}

	public boolean stdoutIsTty() {
		return stdoutTty;
	}

	public boolean stderrIsTty() {
		return stderrTty;
	}

	/** Colour on stdout: only on a terminal, and never under NO_COLOR or TERM=dumb. */
	public boolean colour() {
		return stdoutTty && !noColor;
	}

	public boolean colourOnErr() {
		return stderrTty && !noColor;
	}

	/** Columns to fit tables into; 0 means do not fit (not a terminal). */
	public int width() {
		int w = width.getAsInt();
		if (w > 0) {
			return w;
		}
		return stdoutTty ? 100 : 0;
	}

	private static int parse(String v) {
		try {
			return v == null ? 0 : Integer.parseInt(v.trim());
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

}
