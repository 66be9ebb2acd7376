package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * Every documented exit code of the non-interactive shell, from the real entry point ({@code main} in a child JVM
 * on the built classes, as `scripts/s4e` runs the jar) against a sandbox on loopback. The token reaches the child
 * through the environment, never argv.
 */
class ExitCodeMatrixTest {

	static SandboxServer sandbox;

	@TempDir
	static Path home;

	@BeforeAll
	static void startSandbox() throws IOException {
		sandbox = SandboxServer.start(SandboxConfig.builder()
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.queueDelay(Duration.ZERO)
			.scanDuration("full", Duration.ofSeconds(3))
			.scanDuration("web_app", Duration.ofMinutes(30))
			.build());
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	record Run(int exitCode, String out, String err) {
	}

	static Run shell(Map<String, String> env, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Ds4e.stdin.tty=false", "-Ds4e.stdout.tty=false",
				"-Ds4e.stderr.tty=false", "-cp", System.getProperty("java.class.path"),
				S4eShellApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command);
		Map<String, String> e = pb.environment();
		e.keySet().removeIf(k -> k.startsWith("S4E_") || k.startsWith("XDG_"));
		e.put("HOME", home.resolve("home").toString());
		e.put("XDG_CONFIG_HOME", home.resolve("config").toString());
		e.put("XDG_STATE_HOME", home.resolve("state").toString());
		e.put("XDG_DATA_HOME", home.resolve("data").toString());
		e.put("NO_COLOR", "1");
		e.put("S4E_BASE_URL", sandbox.baseUrl());
		e.put("S4E_API_TOKEN", sandbox.token());
		e.putAll(env);
		Path out = Files.createTempFile(home, "out", ".txt");
		Path err = Files.createTempFile(home, "err", ".txt");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Process p = pb.start();
		if (!p.waitFor(3, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			throw new AssertionError("the shell did not exit: " + String.join(" ", args));
		}
		Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
		assertThat(run.out() + run.err()).as("the token is never printed").doesNotContain(sandbox.token());
		assertThat(run.out() + run.err()).as("no stack trace unless asked").doesNotContain("\tat ")
			.doesNotContain("Exception");
		return run;
	}

	static Run shell(String... args) throws Exception {
		return shell(Map.of(), args);
	}

	@Test
	void zeroOnSuccess() throws Exception {
		Run r = shell("scan", "list", "--per-page", "2", "-o", "json");
		assertThat(r.exitCode()).as(r.err()).isZero();
		assertThat(r.out()).startsWith("[");
	}

	@Test
	void oneWhenFindingsReachTheFailOnSeverity() throws Exception {
		Run r = shell("scan", "create", "--asset", "a-1002", "--type", "full", "--wait", "--timeout", "2m",
				"--fail-on", "info");
		assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
		assertThat(r.out()).contains("completed");
	}

	@Test
	void twoForUsageAndConfigurationErrors() throws Exception {
		Run subCommand = shell("scan", "bogus");
		assertThat(subCommand.exitCode()).isEqualTo(2);
		assertThat(subCommand.err().lines().toList()).singleElement().asString()
			.startsWith("error: Unknown sub-command 'bogus' for `scan`");
		assertThat(subCommand.out()).isEmpty();
		Run flag = shell("scan", "list", "--bogus");
		assertThat(flag.exitCode()).isEqualTo(2);
		assertThat(flag.err()).contains("Unknown option '--bogus'");
		// A token must not travel in clear text to a remote host: refused before anything is sent.
		Run config = shell(Map.of("S4E_BASE_URL", "http://api.example.com"), "scan", "list");
		assertThat(config.exitCode()).as(config.err()).isEqualTo(2);
		assertThat(config.err().lines().toList()).singleElement().asString().startsWith("error: ");
	}

	@Test
	void threeForApiAndNetworkErrors() throws Exception {
		Run notFound = shell("scan", "show", "sc-nope");
		assertThat(notFound.exitCode()).isEqualTo(3);
		assertThat(notFound.err()).contains("sc-nope").contains("404");
		int closed;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = s.getLocalPort();
		}
		Run down = shell(Map.of("S4E_BASE_URL", "http://127.0.0.1:" + closed), "scan", "list");
		assertThat(down.exitCode()).isEqualTo(3);
		assertThat(down.err().lines().toList()).singleElement().asString().contains("Cannot reach");
	}

	@Test
	void fourWhenTheWaitTimesOut() throws Exception {
		Run r = shell("scan", "create", "--asset", "a-1003", "--type", "web_app", "--wait", "--timeout", "2s");
		assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
	}

}
