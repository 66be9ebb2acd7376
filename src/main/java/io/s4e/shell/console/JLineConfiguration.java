package io.s4e.shell.console;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.CommandHighlighter;
import org.springframework.shell.jline.ExtendedDefaultParser;

import io.s4e.shell.completion.S4eCommandCompleter;

/**
 * The terminal, the line reader and the {@code history} and {@code clear} commands, as Spring Shell's
 * auto-configuration makes them. The shell leaves that auto-configuration out (see {@code application.properties}):
 * it needs Spring Shell's properties bound from the environment, a first run of Boot's binder that cost every
 * start, interactive or not, about a tenth of its time, for settings the shell makes in code (the history lives in
 * the state folder); the registry, parser, runner, prompt, help and version are the shell's own. All of these are
 * lazy: a one-shot command or a script on stdin never opens the terminal.
 */
@Configuration(proxyBeanMethods = false)
public class JLineConfiguration {

	@Bean(destroyMethod = "close")
	Terminal terminal(ObjectProvider<TerminalCustomizer> customizers) {
		TerminalBuilder builder = TerminalBuilder.builder().systemOutput(TerminalBuilder.SystemOutput.SysOut);
		customizers.orderedStream().forEach(c -> c.customize(builder));
		try {
			return builder.build();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot open the terminal: " + e.getMessage(), e);
		}
	}

	/** JLine's view of a line for completion: quotes and escapes as the shell's own parser reads them. */
	@Bean
	Parser jlineParser() {
		ExtendedDefaultParser parser = new ExtendedDefaultParser();
		parser.setEofOnUnclosedQuote(true);
		parser.setEofOnEscapedNewLine(true);
		return parser;
	}

	@Bean
	CommandHighlighter commandHighlighter(CommandRegistry registry) {
		return new CommandHighlighter(registry);
	}

	@Bean
	LineReader lineReader(Terminal terminal, Parser jlineParser, S4eCommandCompleter completer,
			CommandHighlighter highlighter, History history) {
		LineReader reader = LineReaderBuilder.builder()
			.terminal(terminal)
			.appName("s4e-shell")
			.completer(completer)
			.history(history)
			.highlighter(highlighter)
			.parser(jlineParser)
			.build();
		// TAB on an empty line completes instead of inserting a tab.
		reader.unsetOpt(LineReader.Option.INSERT_TAB);
		history.attach(reader);
		return reader;
	}

	/** {@code history}: the lines of this and earlier sessions (those carrying secrets were never kept). */
	@Bean
	Command historyCommand(History history) {
		return new org.springframework.shell.jline.command.History(history);
	}

	/** {@code clear}: clears the screen. */
	@Bean
	Command clearCommand() {
		return new org.springframework.shell.core.command.Clear();
	}

	/** The history file is written when the shell ends, as JLine keeps new lines in memory until then. */
	@Bean
	ApplicationListener<ContextClosedEvent> historySaver(History history) {
		return event -> {
			try {
				history.save();
			}
			catch (IOException e) {
				// History is a convenience: a full disk must not turn a clean exit into a failure.
			}
		};
	}

}
