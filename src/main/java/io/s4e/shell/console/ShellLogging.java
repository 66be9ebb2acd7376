package io.s4e.shell.console;

import java.util.Properties;

import org.slf4j.bridge.SLF4JBridgeHandler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import io.s4e.shell.S4eShellApplication;

/**
 * The shell's logging, set up by Logback itself on first use (found through {@code META-INF/services}): library
 * warnings, one line each without a stack trace, on stderr, because stdout carries command output such as
 * {@code scan list -o json | jq}. Spring Boot's logging system, which would tear this down and build its own at
 * every start (a tenth of the time to the prompt), is left out of the shell's start-up (see
 * {@code S4eShellApplication.startupListeners}). The levels are the {@code logging.level.*} of the built-in
 * {@code application.properties}, as under Boot; {@code -Dlogging.level.NAME=LEVEL} (e.g. in {@code S4E_JAVA_OPTS})
 * overrides one, and {@code -Dlogback.configurationFile} replaces all of this.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ShellLogging extends ContextAwareBase implements Configurator {

	/** One line per event: the level, the logger, the message (exceptions only by their message). */
	static final String PATTERN = "%level %logger: %msg%nopex%n";

	static final String LEVEL_PREFIX = "logging.level.";

	@Override
	public ExecutionStatus configure(LoggerContext context) {
		if (System.getProperty("logback.configurationFile") != null) {
			return ExecutionStatus.INVOKE_NEXT_IF_ANY;
		}
		Properties levels = S4eShellApplication.builtInSettings();
		levels.putAll(System.getProperties());
		configure(context, levels);
		return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
	}

	/** Sets up {@code context} with the levels given as {@code logging.level.NAME=LEVEL} in {@code settings}. */
	static void configure(LoggerContext context, Properties settings) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern(PATTERN);
		encoder.start();
		ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
		console.setContext(context);
		console.setName("STDERR");
		console.setTarget("System.err");
		console.setEncoder(encoder);
		console.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(console);
		// java.util.logging (System.Logger, e.g. the built-in sandbox's) goes the same way; the propagator keeps
		// JUL from building records that Logback would drop.
		LevelChangePropagator propagator = new LevelChangePropagator();
		propagator.setContext(context);
		propagator.setResetJUL(true);
		propagator.start();
		context.addListener(propagator);
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
		for (String key : settings.stringPropertyNames()) {
			if (key.startsWith(LEVEL_PREFIX)) {
				String name = key.substring(LEVEL_PREFIX.length());
				context.getLogger(name.equalsIgnoreCase("root") ? org.slf4j.Logger.ROOT_LOGGER_NAME : name)
					.setLevel(Level.toLevel(settings.getProperty(key).strip(), Level.WARN));
			}
		}
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
	}

}
