package io.s4e.shell.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import io.s4e.shell.S4eShellApplication;

/**
 * The shell's logging: java.util.logging, which Spring (through commons-logging), the built-in sandbox and the
 * HTTP debug log all write to, set up when it is first used. Library warnings come out one line each, without a
 * stack trace, on stderr, because stdout carries command output such as {@code scan list -o json | jq}. The levels
 * are the {@code logging.level.*} of the built-in {@code application.properties}, as Spring Boot reads them in
 * tests; {@code -Dlogging.level.NAME=LEVEL} (e.g. in {@code S4E_JAVA_OPTS}) overrides one. {@code main} names this
 * class in {@code java.util.logging.config.class}; {@code -Djava.util.logging.config.file} replaces all of it.
 * <p>
 * Why not Logback under Boot's logging system: setting those up was a quarter of the time to the prompt, for a
 * shell whose own output never goes through a logger.
 */
public final class ShellLogging {

	static final String LEVEL_PREFIX = "logging.level.";

	/** Called by {@link LogManager} when java.util.logging starts. */
	public ShellLogging() throws IOException {
		Properties settings = S4eShellApplication.builtInSettings();
		settings.putAll(System.getProperties());
		apply(settings);
	}

	/** Configures java.util.logging from the {@code logging.level.NAME=LEVEL} entries of {@code settings}. */
	static void apply(Properties settings) throws IOException {
		LogManager.getLogManager()
			.readConfiguration(new ByteArrayInputStream(configuration(settings).getBytes(StandardCharsets.ISO_8859_1)));
	}

	/** The java.util.logging configuration, in its properties format. */
	static String configuration(Properties settings) {
		StringBuilder c = new StringBuilder();
		c.append("handlers=java.util.logging.ConsoleHandler\n");
		c.append("java.util.logging.ConsoleHandler.level=ALL\n");
		c.append("java.util.logging.ConsoleHandler.formatter=").append(OneLine.class.getName()).append('\n');
		c.append(".level=WARNING\n");
		for (String key : settings.stringPropertyNames()) {
			if (key.startsWith(LEVEL_PREFIX)) {
				String name = key.substring(LEVEL_PREFIX.length());
				String level = julLevel(settings.getProperty(key));
				if (level != null && name.matches("[\\w.$-]+")) {
					c.append(name.equalsIgnoreCase("root") ? "" : name).append(".level=").append(level).append('\n');
				}
			}
		}
		return c.toString();
	}

	/** Boot's level names (TRACE to OFF) as java.util.logging's; null for a name neither knows. */
	static String julLevel(String bootLevel) {
		return switch (bootLevel.strip().toUpperCase(Locale.ROOT)) {
			case "TRACE", "FINEST" -> "FINEST";
			case "DEBUG", "FINE" -> "FINE";
			case "INFO" -> "INFO";
			case "WARN", "WARNING" -> "WARNING";
			case "ERROR", "FATAL", "SEVERE" -> "SEVERE";
			case "OFF" -> "OFF";
			case "ALL" -> "ALL";
			default -> null;
		};
	}

	/** {@code WARN logger.name: message}, one line: an exception shows only as its message. */
	public static final class OneLine extends Formatter {

		@Override
		public String format(LogRecord record) {
			StringBuilder line = new StringBuilder();
			line.append(levelName(record.getLevel())).append(' ').append(record.getLoggerName()).append(": ")
				.append(formatMessage(record));
			Throwable thrown = record.getThrown();
			if (thrown != null && thrown.getMessage() != null && !line.toString().contains(thrown.getMessage())) {
				line.append(" (").append(thrown.getMessage()).append(')');
			}
			return line.append(System.lineSeparator()).toString();
		}

		private static String levelName(Level level) {
			int v = level.intValue();
			return v >= Level.SEVERE.intValue() ? "ERROR"
					: v >= Level.WARNING.intValue() ? "WARN"
							: v >= Level.INFO.intValue() ? "INFO" : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
		}

	}

}
