package io.s4e.shell.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.Secret;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.console.ErrorReporter;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.support.XdgDirs;

/**
 * {@code scan watch} and {@code scan create --wait} as typed, without a terminal (one plain line per change),
 * against a fast sandbox running in real time: a quick scan takes half a second, a full one twenty.
 */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(WatchCommandsTest.Beans.class)
class WatchCommandsTest {

	static final SandboxServer SANDBOX = start();

	static final Path HOME = temp();

	static final StringWriter ERR = new StringWriter();

	static final ObjectMapper JSON = new ObjectMapper();


	@Autowired
	ShellTestClient shell;

	@Autowired
	ErrorReporter errors;

	@BeforeEach
	void clearErr() {
		ERR.getBuffer().setLength(0);
	}

	String run(String line) throws Exception {
		return String.join("\n", shell.sendCommand(line).lines());
	}

	/** What the shell would report for a failing command: its line and exit code. */
	ErrorReporter.Report failure(String line) {
		try {
			shell.sendCommand(line);
		}
		catch (Exception e) {
			return errors.report(e);
		}
		throw new AssertionError("expected `" + line + "` to fail");
	}

	@Test
	void createWaitShowsPhaseLinesOnStderrThenTheFinishedScan() throws Exception {
		String out = run("scan create --asset a-1003 --type quick --wait");
		assertThat(out).contains("completed").contains("a-1003");
		String err = ERR.toString();
		// The first line is the state when the wait began (queued, or already running on a busy machine).
		assertThat(err).containsPattern("\\(quick\\): (queued|running)").contains(": completed 100%")
			.doesNotContain("\u001b");
		// One line per state or phase change, not one per percent.
		long lines = err.lines().filter(l -> l.contains(": running")).count();
		assertThat(lines).isBetween(1L, 12L);
		assertThat(err).contains("findings ");
	}

	@Test
	void failOnIsAGateWithExitCodeOne() {
		ErrorReporter.Report report = failure("scan create --asset a-1004 --type quick --wait --fail-on high");
		assertThat(report.exitCode()).isEqualTo(S4eException.EXIT_FINDINGS);
		assertThat(report.line()).matches("Scan \\S+ found \\d+ findings? at or above high \\(.*\\)\\.");
	}

	@Test
	void aFailedScanOrATimeoutEndsWithExitCodeFour() throws Exception {
		// legacy.example.net does not answer: its scans fail.
		String unreachable = JSON.readTree(run("asset list --search legacy.example.net -o json")).get(0).get("id")
			.asText();
		ErrorReporter.Report failed = failure("scan create --asset " + unreachable + " --type quick --wait");
		assertThat(failed.exitCode()).as(failed.line()).isEqualTo(S4eException.EXIT_TIMEOUT);
		assertThat(failed.line()).contains("failed").contains("unreachable");

		ErrorReporter.Report late = failure("scan create --asset a-1009 --type full --wait --timeout 1s");
		assertThat(late.exitCode()).as(late.line()).isEqualTo(S4eException.EXIT_TIMEOUT);
		assertThat(late.line()).contains("did not finish within 1s").contains("keeps running").contains("scan watch");
	}

	@Test
	void waitOptionsNeedWait() {
		ErrorReporter.Report report = failure("scan create --asset a-1001 --type quick --fail-on high");
		assertThat(report.exitCode()).isEqualTo(S4eException.EXIT_USAGE);
		assertThat(report.line()).contains("--wait");
		assertThat(failure("scan create --asset a-1001 --type quick --wait --timeout soon").line())
			.contains("Invalid --timeout 'soon'");
	}

	@Test
	void watchFollowsTheLastScanAndEndsWithASummary() throws Exception {
		run("scan create --asset a-1006 --type quick");
		String out = run("scan watch");
		assertThat(out).containsPattern("\\(quick\\): (queued|running)").contains(": completed 100%")
			.doesNotContain("\u001b");
		assertThat(out).contains("STATUS").contains("FINDINGS").contains("Findings: ");
	}

	@Test
	void watchAllPicksUpEveryActiveScan() throws Exception {
		// Full scans (about 20 s here): an ssl scan can end before a busy machine starts the watch, and --all
		// picks up active scans only.
		String first = JSON.readTree(run("scan create --asset a-1007 --type full -o json")).get("scan_id").asText();
		String second = JSON.readTree(run("scan create --asset a-1008 --type full -o json")).get("scan_id").asText();
		String out = run("scan watch --all");
		assertThat(out).contains(first + " ").contains(second + " ").contains("across");
		// The summary rows (two spaces after the ID): both ended.
		assertThat(out.lines().filter(l -> l.startsWith(first + "  ") || l.startsWith(second + "  ")))
			.hasSize(2)
			.allSatisfy(l -> assertThat(l).contains("completed"));
	}

	@Test
	void watchingAnUnknownScanIsOneClearLine() {
		ErrorReporter.Report report = failure("scan watch sc-does-not-exist");
		assertThat(report.exitCode()).isEqualTo(S4eException.EXIT_API);
		assertThat(report.line()).contains("sc-does-not-exist").doesNotContain("Exception");
		assertThat(failure("scan watch --all sc-1").line()).contains("not both");
	}

	private static SandboxServer start() {
		try {
			return SandboxServer.start(SandboxConfig.builder()
				.speed(30)
				.scanDuration("full", Duration.ofMinutes(10))
				.scanDuration("ssl", Duration.ofSeconds(90))
				.tickInterval(Duration.ofMillis(50))
				.concurrencyLimit(20)
				.tierRateLimit(SandboxRateLimit.unlimited())
				.createRateLimit(SandboxRateLimit.unlimited())
				.build());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("s4e-watch-test");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@TestConfiguration
	static class Beans {

		@Bean
		@Primary
		XdgDirs watchTestDirs() {
			return new XdgDirs(HOME.resolve("config/s4e"), HOME.resolve("state/s4e"), HOME.resolve("data/s4e"));
		}

		@Bean
		@Primary
		ConnectionManager watchTestConnection() {
			return ConnectionManager.fixed(ClientConfig.of(SANDBOX.baseUrl(), Secret.of(SANDBOX.token())), "sandbox",
					new Profiles(HOME.resolve("config/s4e/config")));
		}

		@Bean
		@Primary
		ConsoleIO watchTestConsole() {
			ConsoleIO io = new ConsoleIO(Map.of());
			io.redirect(new PrintWriter(ERR, true), false, 0);
			return io;
		}

	}

}
