package io.s4e.shell.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;

import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.output.RenderOptions;
import io.s4e.shell.output.Renderer;
import io.s4e.shell.service.Listing;

/**
 * How commands print: results to the command's output in the chosen format (tables fitted and coloured only on a
 * terminal), notes and progress to stderr so that {@code -o json} output stays clean for pipes.
 */
@Component
public class CommandOutput {

	private final ConsoleIO io;

	private final Renderer renderer = new Renderer();

	public CommandOutput(ConsoleIO io) {
		this.io = io;
	}

	public ConsoleIO io() {
		return io;
	}

	public Renderer renderer() {
		return renderer;
	}

	public OutputFormat format(String output) {
		return output == null || output.isBlank() ? OutputFormat.TABLE : OutputFormat.parse(output);
	}

	public RenderOptions options(OutputFormat format, String jq, String columns) {
		RenderOptions options = format.isMachineReadable() ? RenderOptions.defaults()
				: RenderOptions.defaults().withTerminalWidth(io.width()).withColor(io.colour());
		options = options.withJq(jq);
		if (columns != null && !columns.isBlank()) {
			options = options.withColumns(columns);
		}
		return options;
	}

	/** Rows of a list command; {@code --jq} implies JSON. The note (e.g. applied filters) goes to stderr. */
	public <T> void rows(CommandContext ctx, Listing<T> listing, Class<T> type, String output, String jq,
			String columns) {
		OutputFormat format = effective(output, jq);
		if (listing.note() != null) {
			note(listing.note());
		}
		try (Stream<T> rows = listing.rows()) {
			renderer.render(rows, type, format, options(format, jq, columns), ctx.outputWriter());
		}
		if (listing.meta() != null && format == OutputFormat.TABLE && listing.meta().hasNext(0)
				&& listing.meta().total() != null) {
			note("page " + listing.meta().page() + " of " + pages(listing) + " (" + listing.meta().total()
					+ " in all): --page N for another, --all for every one");
		}
		ctx.outputWriter().flush();
	}

	public void one(CommandContext ctx, Object item, String output, String jq) {
		OutputFormat format = effective(output, jq);
		if (format == OutputFormat.SARIF && !(item instanceof io.s4e.shell.api.model.Finding)) {
			throw new UsageException("SARIF is for findings: use -o json, yaml or table here.");
		}
		renderer.renderOne(item, format, options(format, jq, null), ctx.outputWriter());
		ctx.outputWriter().flush();
	}

	/** A status line for people: stdout in table mode (it is the result), stderr otherwise. */
	public void say(CommandContext ctx, String output, String message) {
		if (effective(output, null) == OutputFormat.TABLE) {
			ctx.outputWriter().println(message);
			ctx.outputWriter().flush();
		}
		else {
			note(message);
		}
	}

	public void note(String message) {
		PrintWriter err = io.err();
		if (io.colourOnErr()) {
			err.println(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.faint())
				.append(message)
				.toAnsi());
		}
		else {
			err.println(message);
		}
		err.flush();
	}

	public void warn(String message) {
		PrintWriter err = io.err();
		if (io.colourOnErr()) {
			err.println(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW))
				.append("warning: ")
				.style(AttributedStyle.DEFAULT)
				.append(message)
				.toAnsi());
		}
		else {
			err.println("warning: " + message);
		}
		err.flush();
	}

	private OutputFormat effective(String output, String jq) {
		OutputFormat format = format(output);
		return jq != null && !jq.isBlank() && format == OutputFormat.TABLE ? OutputFormat.JSON : format;
	}

	private static String pages(Listing<?> listing) {
		return listing.meta().totalPages() != null ? String.valueOf(listing.meta().totalPages()) : "?";
	}

	/** Positional arguments: at most {@code max}, else a usage error naming the command's form. */
	public static String optionalArgument(List<String> args, String usage) {
		if (args == null || args.isEmpty()) {
			return null;
		}
		if (args.size() > 1) {
			throw new UsageException("Too many arguments (" + String.join(" ", args) + "). Usage: " + usage);
		}
		return args.get(0);
	}

	public static String requiredArgument(List<String> args, String what, String usage) {
		String arg = optionalArgument(args, usage);
		if (arg == null || arg.isBlank()) {
			throw new UsageException("Missing " + what + ". Usage: " + usage);
		}
		return arg;
	}

}
