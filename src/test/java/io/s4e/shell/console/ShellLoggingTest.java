package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

import io.s4e.shell.S4eShellApplication;

/**
 * The shell's own logging set-up: warnings reach stderr and never stdout (where `-o json` output goes), one line
 * each without a stack trace, at the levels of the built-in settings, which a system property can override; and
 * java.util.logging (the built-in sandbox's System.Logger) goes the same way.
 */
class ShellLoggingTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private PrintStream realOut;

	private PrintStream realErr;

	private LoggerContext context;

	@BeforeEach
	void capture() {
		realOut = System.out;
		realErr = System.err;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		// The global context: the java.util.logging bridge logs through it.
		context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
	}

	@AfterEach
	void restore() {
		System.setOut(realOut);
		System.setErr(realErr);
		context.reset();
		ShellLogging.configure(context, S4eShellApplication.builtInSettings());
	}

	private String stdout() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void aLibraryWarningIsOneLineOnStderrAndNothingOnStdout() {
		ShellLogging.configure(context, S4eShellApplication.builtInSettings());
		Logger library = LoggerFactory.getLogger("com.example.library.Client");
		library.warn("connection pool exhausted", new IOException("pool of 5 is full"));
		library.info("started");
		assertThat(stdout()).isEmpty();
		assertThat(stderr()).isEqualTo("WARN com.example.library.Client: connection pool exhausted\n");
	}

	@Test
	void theBuiltInLevelsApply() {
		ShellLogging.configure(context, S4eShellApplication.builtInSettings());
		LoggerFactory.getLogger("org.jline.reader.impl.LineReaderImpl").warn("jline-warning");
		LoggerFactory.getLogger("org.jline.reader.impl.LineReaderImpl").error("jline-error");
		LoggerFactory.getLogger("org.springframework.boot.SpringApplication").error("startup-failure-report");
		assertThat(stderr()).doesNotContain("jline-warning")
			.contains("ERROR org.jline.reader.impl.LineReaderImpl: jline-error")
			.doesNotContain("startup-failure-report");
	}

	@Test
	void aSystemPropertyOverridesALevel() {
		Properties settings = S4eShellApplication.builtInSettings();
		settings.setProperty("logging.level.io.s4e.shell.http", "DEBUG");
		settings.setProperty("logging.level.org.jline", "warn ");
		ShellLogging.configure(context, settings);
		LoggerFactory.getLogger("io.s4e.shell.http").debug("--> GET /api/scans");
		LoggerFactory.getLogger("org.jline.terminal").warn("dumb terminal");
		LoggerFactory.getLogger("io.s4e.shell.other").info("not shown");
		assertThat(stderr()).contains("DEBUG io.s4e.shell.http: --> GET /api/scans")
			.contains("WARN org.jline.terminal: dumb terminal")
			.doesNotContain("not shown");
	}

	@Test
	void javaUtilLoggingGoesTheSameWay() {
		ShellLogging.configure(context, S4eShellApplication.builtInSettings());
		java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.s4e.shell.sandbox.SandboxApi");
		jul.warning("sandbox request 7 failed");
		jul.info("sandbox chatter");
		assertThat(stdout()).isEmpty();
		assertThat(stderr()).isEqualTo("WARN io.s4e.shell.sandbox.SandboxApi: sandbox request 7 failed\n");
		assertThat(jul.isLoggable(java.util.logging.Level.INFO)).as("levels propagated to java.util.logging").isFalse();
	}

}
