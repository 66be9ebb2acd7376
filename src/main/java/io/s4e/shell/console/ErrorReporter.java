package io.s4e.shell.console;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandNotFoundException;

import io.s4e.shell.api.S4eException;
import io.s4e.shell.output.OutputException;

/**
 * Turns any failure into one line a person can act on, and its documented exit code. The last failure's stack
 * trace is kept for the `stacktrace` command; it is never printed unasked.
 */
public final class ErrorReporter {

	/** A failure as shown: the line and the exit code for non-interactive use. */
	public record Report(String line, int exitCode) {
	}

	private final AtomicReference<Throwable> last = new AtomicReference<>();

	public Report report(Throwable failure) {
		return report(failure, null);
	}

	/** @param command the command that failed, when known: the line then points at its help */
	public Report report(Throwable failure, String command) {
		Throwable cause = unwrap(failure);
		last.set(cause);
		Report r = describe(cause, command == null ? "`help`" : "`help " + command + "`");
		return new Report(sentence(r.line()), r.exitCode());
	}

	private static Report describe(Throwable cause, String help) {
		if (cause instanceof S4eException e) {
			return new Report(e.getMessage(), e.exitCode());
		}
		if (cause instanceof io.s4e.shell.output.OutputException e) {
			// Unknown format or column, bad --jq, a format that does not fit the data: the user's to fix.
			return new Report(e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + " See `help <command>`.",
					S4eException.EXIT_USAGE);
		}
		if (cause instanceof CommandNotFoundException e) {
			return new Report("Unknown command '" + e.getCommandName() + "'. Type `help` to list commands.",
					S4eException.EXIT_USAGE);
		}
		if (cause instanceof ConversionException e) {
			return new Report("Invalid option value: " + conversionMessage(e) + ". See " + help + ".",
					S4eException.EXIT_USAGE);
		}
		if (cause instanceof IllegalArgumentException e && e.getMessage() != null
				&& e.getMessage().startsWith("Required option")) {
			return new Report(e.getMessage() + " See " + help + ".", S4eException.EXIT_USAGE);
		}
		if (cause instanceof OutputException e) {
			// An unknown format or column, or a --jq expression that does not compile: the user's to fix.
			return new Report(capitalised(e.getMessage()) + ". See " + help + ".",
					S4eException.EXIT_USAGE);
		}
		if (cause instanceof java.io.UncheckedIOException e) {
			return new Report(firstLine(e.getMessage()) + ". Check the folder's permissions and free space.",
					S4eException.EXIT_USAGE);
		}
		if (cause instanceof InterruptedException) {
			return new Report("Interrupted.", S4eException.EXIT_TIMEOUT);
		}
		String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
				: cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
		return new Report("Unexpected error (" + what + "). Run `stacktrace` for details.", S4eException.EXIT_API);
	}

	/**
	 * A failure while the shell starts (before any command runs): the first error of ours in the cause chain,
	 * else a generic line. Spring wraps it in bean-creation exceptions several levels deep.
	 */
	public Report startupFailure(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof S4eException) {
				return report(t);
			}
		}
		return report(failure);
	}

	/** The last failure's stack trace, or a note that there was none. */
	public String lastStackTrace() {
		Throwable t = last.get();
		if (t == null) {
			return "No error so far in this session.";
		}
		StringWriter sw = new StringWriter();
		t.printStackTrace(new PrintWriter(sw));
		return sw.toString();
	}

	static Throwable unwrap(Throwable t) {
		Throwable current = t;
		while ((current instanceof CommandExecutionException
				|| current instanceof java.lang.reflect.InvocationTargetException
				|| current instanceof java.util.concurrent.ExecutionException
				|| current instanceof java.lang.reflect.UndeclaredThrowableException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static String conversionMessage(ConversionException e) {
		Throwable root = e;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? e.getMessage() : root.getMessage();
		if (root instanceof NumberFormatException) {
			return "expected a number (" + message.replace("For input string: ", "got ") + ")";
		}
		return firstLine(message);
	}

	/**
	 * Messages are assembled from parts (ours and the server's), so the seams are tidied here: one line, single
	 * spaces, no doubled full stop, and a final one.
	 */
	static String sentence(String line) {
		String s = firstLine(line == null ? "" : line).replaceAll("\\s+", " ").strip();
		s = s.replaceAll("(?<!\\.)\\.\\.(?!\\.)", ".").replaceAll("\\.\\s*\\.(?=\\s|$)", ".");
		if (!s.isEmpty() && ".!?".indexOf(s.charAt(s.length() - 1)) < 0) {
			s = s + ".";
		}
		return s;
	}

	private static String capitalised(String s) {
		String line = firstLine(s == null ? "" : s).strip();
		return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
	}

	private static String firstLine(String s) {
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

}
