package io.s4e.shell.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.jline.JLineInputReader;
import org.springframework.shell.jline.PromptProvider;

import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.UsageException;

/**
 * Runs the shell in its three modes. Replaces Spring Shell's runners so that a failing command prints one line
 * and the shell goes on, Ctrl-C cancels the running command (or clears the line) instead of ending the JVM,
 * Ctrl-D leaves cleanly, and non-interactive runs end with the documented exit code.
 */
public class S4eShellRunner implements ApplicationRunner, ExitCodeGenerator {

	/** Hooks the rest of the shell plugs in: the banner, background warm-up, and clean-up at exit. */
	public interface Lifecycle {

		default String banner() {
			return null;
		}

		/** Something the person must know before the first command, e.g. a corrupt session file set aside. */
		default String startupWarning() {
			return null;
		}

		/** Called once the prompt is about to show: start background work here, never block. */
		default void onPromptReady() {
		}

	}

	private final CommandRegistry registry;

	private final S4eCommandParser parser;

	private final CommandExecutor executor;

	private final ErrorReporter errors;

	private final ConsoleIO io;

	private final ShellMode mode;

	private final ObjectProvider<LineReader> lineReader;

	private final ObjectProvider<PromptProvider> prompt;

	private final Lifecycle lifecycle;

	private final ExecutorService commandThread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "s4e-command");
		t.setDaemon(true);
		return t;
	});

	private final AtomicReference<Future<?>> running = new AtomicReference<>();

	private volatile int exitCode;

	public S4eShellRunner(CommandRegistry registry, S4eCommandParser parser, ErrorReporter errors, ConsoleIO io,
			ShellMode mode, ObjectProvider<LineReader> lineReader, ObjectProvider<PromptProvider> prompt,
			Lifecycle lifecycle) {
		this.registry = registry;
		this.parser = parser;
		this.executor = new CommandExecutor(registry);
		this.errors = errors;
		this.io = io;
		this.mode = mode;
		this.lineReader = lineReader;
		this.prompt = prompt;
		this.lifecycle = lifecycle;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (mode == null) {
			return;
		}
		if (mode != ShellMode.INTERACTIVE) {
			warnOnce(io.err());
		}
		switch (mode) {
			case COMMAND -> exitCode = runCommand(List.of(args.getSourceArgs()));
			case BATCH -> exitCode = runScript(new InputStreamReader(System.in, StandardCharsets.UTF_8), "stdin");
			case INTERACTIVE -> runInteractive();
		}
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

	/** One command from argv; output to stdout, the error line to stderr. */
	int runCommand(List<String> words) {
		PrintWriter out = stdout();
		try {
			return execute(parser.parse(words), out, new ConsoleReader());
		}
		catch (RuntimeException e) {
			return fail(e, io.err(), words.isEmpty() ? null : words.get(0));
		}
		finally {
			out.flush();
		}
	}

	/** Each line is a command; blank lines and {@code #} comments are skipped; the first failure stops the run. */
	public int runScript(Reader source, String name) {
		PrintWriter out = stdout();
		try (BufferedReader reader = new BufferedReader(source)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				String trimmed = line.strip();
				if (trimmed.isEmpty() || trimmed.startsWith("#")) {
					continue;
				}
				if (trimmed.equals("exit") || trimmed.equals("quit")) {
					break;
				}
				int code;
				try {
					code = execute(parser.parse(trimmed), out, new ConsoleReader());
				}
				catch (RuntimeException e) {
					ErrorReporter.Report r = errors.report(e, commandWord(trimmed));
					io.err().println(name + ":" + number + ": " + r.line());
					io.err().flush();
					code = r.exitCode();
				}
				if (code != 0) {
					return code;
				}
			}
			return 0;
		}
		catch (IOException e) {
			io.err().println("Cannot read " + name + ": " + e.getMessage());
			return S4eException.EXIT_USAGE;
		}
		finally {
			out.flush();
		}
	}

	/** Runs a file of commands; the `script` command uses this. */
	public int runScriptFile(Path file) {
		if (!Files.isReadable(file)) {
			throw new UsageException("Cannot read script file '" + file + "'. Check the path.");
		}
		try {
			return runScript(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.getFileName().toString());
		}
		catch (IOException e) {
			throw new UsageException("Cannot read script file '" + file + "': " + e.getMessage());
		}
	}

	private void runInteractive() {
		LineReader reader = lineReader.getObject();
		Terminal terminal = reader.getTerminal();
		io.attachTerminal(terminal.writer(), terminal::getWidth);
		String banner = lifecycle.banner();
		if (banner != null) {
			terminal.writer().println(banner);
			terminal.flush();
		}
		warnOnce(terminal.writer());
		lifecycle.onPromptReady();
		InputReader input = new JLineInputReader(reader);
		while (true) {
			String line;
			try {
				line = reader.readLine(prompt.getObject().getPrompt().toAnsi(terminal));
			}
			catch (UserInterruptException e) {
				// Ctrl-C at the prompt clears the line, as in bash.
				continue;
			}
			catch (EndOfFileException e) {
				break;
			}
			String trimmed = line == null ? "" : line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.equals("exit") || trimmed.equals("quit")) {
				break;
			}
			runInteractiveLine(trimmed, terminal, input);
		}
		terminal.writer().flush();
	}

	/**
	 * Runs the command on a worker thread so that Ctrl-C can abandon it: the prompt comes back at once and the
	 * worker is interrupted. Commands that own the terminal (watch) install their own handler while they run.
	 */
	private void runInteractiveLine(String line, Terminal terminal, InputReader input) {
		PrintWriter out = terminal.writer();
		ParsedInput parsed;
		try {
			parsed = parser.parse(line);
		}
		catch (RuntimeException e) {
			fail(e, out, commandWord(line));
			return;
		}
		Future<Integer> future = commandThread.submit(() -> execute(parsed, out, input));
		running.set(future);
		Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> future.cancel(true));
		try {
			future.get();
		}
		catch (CancellationException e) {
			out.println();
			out.println(styled("Cancelled.", AttributedStyle.YELLOW, terminal));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException e) {
			fail(e.getCause(), out, nameOf(parsed));
		}
		finally {
			terminal.handle(Terminal.Signal.INT, previous);
			running.set(null);
			out.flush();
		}
	}

	/**
	 * One line as the interactive loop runs it, on the calling thread: parsed, executed, a failure reported as one
	 * line; the shell goes on either way. Returns the line's exit code.
	 */
	public int runLine(String line, PrintWriter out, InputReader input) {
		ParsedInput parsed;
		try {
			parsed = parser.parse(line);
		}
		catch (RuntimeException e) {
			return fail(e, io.interactive() ? out : io.err(), commandWord(line));
		}
		return execute(parsed, out, input);
	}

	/** Runs one parsed command, reporting a failure as one line; returns the exit code. */
	int execute(ParsedInput parsed, PrintWriter out, InputReader input) {
		try {
			ExitStatus status = executor.execute(new CommandContext(parsed, registry, out, input));
			out.flush();
			return status.code() == ExitStatus.OK.code() ? 0 : S4eException.EXIT_USAGE;
		}
		catch (Exception e) {
			out.flush();
			return fail(e, io.interactive() ? out : io.err(), nameOf(parsed));
		}
	}

	private void warnOnce(PrintWriter where) {
		String warning = lifecycle.startupWarning();
		if (warning != null) {
			where.println("warning: " + warning);
			where.flush();
		}
	}

	private static String nameOf(ParsedInput parsed) {
		return parsed.subCommands().isEmpty() ? parsed.commandName()
				: parsed.commandName() + " " + String.join(" ", parsed.subCommands());
	}

	/** The first word of a line that did not parse, to point at its help; null when there is none. */
	private static String commandWord(String line) {
		String first = line.strip().split("\\s+", 2)[0];
		return first.isEmpty() || first.startsWith("-") ? null : first;
	}

	private int fail(Throwable failure, PrintWriter where, String command) {
		ErrorReporter.Report report = errors.report(failure, command);
		if (io.interactive() || io.colourOnErr()) {
			where.println(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
				.append("error: ")
				.style(AttributedStyle.DEFAULT)
				.append(report.line())
				.toAnsi());
		}
		else {
			where.println("error: " + report.line());
		}
		where.flush();
		return report.exitCode();
	}

	private static String styled(String text, int colour, Terminal terminal) {
		return new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(colour))
			.append(text)
			.toAnsi(terminal);
	}

	private static PrintWriter stdout() {
		return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
	}

	/** Reads answers and masked secrets from the console when there is one. */
	static final class ConsoleReader implements InputReader {

		@Override
		public String readInput(String prompt) {
			java.io.Console console = System.console();
			if (console == null) {
				throw new UsageException("No terminal to ask on. Run this command interactively.");
			}
			return console.readLine("%s", prompt);
		}

		@Override
		public char[] readPassword(String prompt) {
			java.io.Console console = System.console();
			if (console == null) {
				throw new UsageException(
						"No terminal to read a secret from. Set S4E_API_TOKEN, or run `auth login` interactively.");
			}
			char[] secret = console.readPassword("%s", prompt);
			if (secret == null) {
				throw new UsageException("No input.");
			}
			return secret;
		}

	}

}
