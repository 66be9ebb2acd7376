package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.logging.LogManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.s4e.shell.S4eShellApplication;

/**
 * The shell's logging set-up: warnings from any of the shell's logging paths (java.util.logging, System.Logger,
 * commons-logging as Spring uses it) reach stderr and never stdout, where `-o json` output goes; one line each
 * without a stack trace, at the levels of the built-in settings, which a system property can override.
 */
class ShellLoggingTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private PrintStream realOut;

	private PrintStream realErr;

	@BeforeEach
	void capture() {
		realOut = System.out;
		realErr = System.err;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		// The console handler takes System.err when it is made, i.e. by apply().
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@AfterEach
	void restore() throws IOException {
		System.setOut(realOut);
		System.setErr(realErr);
		LogManager.getLogManager().readConfiguration();
	}

	private String stdout() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
	}

	@Test
	void aLibraryWarningIsOneLineOnStderrAndNothingOnStdout() throws IOException {
		ShellLogging.apply(S4eShellApplication.builtInSettings());
		System.Logger library = System.getLogger("com.example.library.Client");
		library.log(System.Logger.Level.WARNING, "connection pool exhausted", new IOException("pool of 5 is full"));
		library.log(System.Logger.Level.INFO, "started");
		assertThat(stdout()).isEmpty();
		assertThat(stderr()).isEqualTo("WARN com.example.library.Client: connection pool exhausted (pool of 5 is full)\n");
	}

	@Test
	void theBuiltInLevelsApplyToSpringsLoggingToo() throws IOException {
		ShellLogging.apply(S4eShellApplication.builtInSettings());
		org.apache.commons.logging.Log jline = org.apache.commons.logging.LogFactory.getLog("org.jline.reader.impl.LineReaderImpl");
		jline.warn("jline-warning");
		jline.error("jline-error");
		org.apache.commons.logging.LogFactory.getLog("org.springframework.boot.SpringApplication").error("startup-failure-report");
		assertThat(stdout()).isEmpty();
		assertThat(stderr()).doesNotContain("jline-warning")
			.contains("ERROR org.jline.reader.impl.LineReaderImpl: jline-error")
			.doesNotContain("startup-failure-report");
	}

	@Test
	void aSystemPropertyOverridesALevel() throws IOException {
		Properties settings = S4eShellApplication.builtInSettings();
		settings.setProperty("logging.level.io.s4e.shell.http", "DEBUG");
		settings.setProperty("logging.level.org.jline", "warn ");
		settings.setProperty("logging.level.io.s4e.shell.bogus", "LOUD");
		ShellLogging.apply(settings);
		System.getLogger("io.s4e.shell.http").log(System.Logger.Level.DEBUG, "--> GET /api/scans");
		System.getLogger("org.jline.terminal").log(System.Logger.Level.WARNING, "dumb terminal");
		System.getLogger("io.s4e.shell.other").log(System.Logger.Level.INFO, "not shown");
		assertThat(stderr()).contains("DEBUG io.s4e.shell.http: --> GET /api/scans")
			.contains("WARN org.jline.terminal: dumb terminal")
			.doesNotContain("not shown");
	}

	@Test
	void levelNamesTranslate() {
		assertThat(ShellLogging.julLevel(" debug")).isEqualTo("FINE");
		assertThat(ShellLogging.julLevel("ERROR")).isEqualTo("SEVERE");
		assertThat(ShellLogging.julLevel("OFF")).isEqualTo("OFF");
		assertThat(ShellLogging.julLevel("LOUD")).isNull();
		Properties settings = new Properties();
		settings.setProperty("logging.level.root", "ERROR");
		settings.setProperty("logging.level.a.b", "TRACE");
		assertThat(ShellLogging.configuration(settings)).contains("\n.level=SEVERE\n").contains("\na.b.level=FINEST\n");
	}

}
