package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

class LogsToStderrTest {

	@Test
	void aLibraryWarningGoesToStderrNotIntoTheCommandOutput() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		// The appender Spring Boot sets up: console, stdout.
		ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
		console.setContext(context);
		console.setName("PROBE_CONSOLE");
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%level %msg%n");
		encoder.start();
		console.setEncoder(encoder);
		console.start();
		root.addAppender(console);
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
		ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
			LoggerFactory.getLogger("probe.before").warn("before-the-switch");
			LogsToStderr.apply();
			LoggerFactory.getLogger("probe.after").warn("after-the-switch");
		}
		finally {
			System.setOut(out);
			System.setErr(err);
			root.detachAppender(console);
			console.stop();
		}
		// The probe shows the appender really wrote to stdout before, so the second assertion can fail.
		assertThat(capturedOut.toString(StandardCharsets.UTF_8)).contains("before-the-switch")
			.doesNotContain("after-the-switch");
		assertThat(capturedErr.toString(StandardCharsets.UTF_8)).contains("WARN after-the-switch");
	}

}
