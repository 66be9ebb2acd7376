package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-shot command leaves out of its start-up, seen in the classes a child JVM loads: Hibernate
 * Validator (Spring Shell's argument check, which no command's parameters need) and Spring Boot's logging
 * system (the shell logs through java.util.logging, set up by {@link ShellLogging}). The command still runs, with a primitive
 * option left out ({@code --all} of {@code scan list}), which is where Spring Shell would bootstrap the validator.
 */
class StartupPathTest {

	static final Pattern VALIDATOR_CLASS = Pattern.compile("\\[class,load\\] org\\.hibernate\\.validator\\.\\S+ ");

	static final Pattern BOOT_LOGGING_CLASS = Pattern
		.compile("\\[class,load\\] org\\.springframework\\.boot\\.logging\\.\\S*LoggingSystem ");

	@TempDir
	Path home;

	@Test
	void aOneShotCommandBootstrapsNeitherTheValidatorNorBootsLoggingSystem() throws Exception {
		ChildShell shell = ChildShell.start(home, false, "scan", "list", "-o", "json");
		try {
			assertThat(shell.awaitExit(Duration.ofSeconds(90))).as("the shell exits").isTrue();
			String all = shell.output();
			assertThat(shell.process().exitValue()).as(all).isZero();
			assertThat(all).contains("\"scan_id\"")
				.contains("[class,load] io.s4e.shell.console.DeclaredConstraintsValidator ");
			assertThat(ChildShell.firstLine(all, VALIDATOR_CLASS)).as("a Hibernate Validator class").isNull();
			assertThat(ChildShell.firstLine(all, BOOT_LOGGING_CLASS)).as("a class of Boot's logging system").isNull();
		}
		finally {
			shell.kill();
		}
	}

}
