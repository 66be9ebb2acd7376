package io.s4e.shell.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.support.XdgDirs;

/**
 * The shell as the reliability tests drive it: the real application context, private XDG folders, stderr captured,
 * and a connection the test points at a WireMock server, the sandbox or a dead port between commands. Commands run
 * through {@link S4eShellRunner#runScript}, the non-interactive path with its real error lines and exit codes.
 */
final class ReliabilityShell {

	static final WireMockServer WIREMOCK = startWireMock();

	static final Path HOME = tempHome();

	static final StringWriter ERR = new StringWriter();

	static final SwitchableConnection CONNECTION = new SwitchableConnection(
			new Profiles(dirs().config().resolve("config")));

	private ReliabilityShell() {
	}

	static XdgDirs dirs() {
		return new XdgDirs(HOME.resolve("config/s4e"), HOME.resolve("state/s4e"), HOME.resolve("data/s4e"));
	}

	/** Short timeouts and two attempts, so faults are met quickly; the policy itself is the client's. */
	static ClientConfig config(String baseUrl, String token) {
		return ClientConfig.of(baseUrl, token == null ? null : Secret.of(token))
			.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(8))
			.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20));
	}

	/** As {@link #config(String, String)} with another per-call timeout (a stalled body is met sooner). */
	static ClientConfig config(String baseUrl, String token, Duration callTimeout) {
		return config(baseUrl, token).withTimeouts(callTimeout, callTimeout.multipliedBy(4));
	}

	static String wireMockUrl() {
		return "http://127.0.0.1:" + WIREMOCK.port();
	}

	/** A loopback port nothing listens on. */
	static int deadPort() {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** What one non-interactive run printed and returned. */
	record Run(int exitCode, String out, String err) {

		/** The lines that report a failure. */
		java.util.List<String> errorLines() {
			return err.lines().filter(l -> l.startsWith("error: ") || l.matches("^[^ ]+:\\d+: .*")).toList();
		}

	}

	/**
	 * Runs lines one after another as the interactive loop runs them ({@link S4eShellRunner#runLine}): a failing line
	 * is reported and the next one runs. Returns one {@link Run} per line.
	 */
	static synchronized java.util.List<Run> interactive(S4eShellRunner runner, String... lines) {
		java.util.List<Run> runs = new java.util.ArrayList<>();
		PrintStream originalErr = System.err;
		try {
			for (String line : lines) {
				ERR.getBuffer().setLength(0);
				ByteArrayOutputStream err = new ByteArrayOutputStream();
				System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
				StringWriter out = new StringWriter();
				int code = runner.runLine(line, new PrintWriter(out, true), NO_INPUT);
				System.err.flush();
				runs.add(new Run(code, out.toString(), ERR + err.toString(StandardCharsets.UTF_8)));
			}
		}
		finally {
			System.setErr(originalErr);
		}
		return runs;
	}

	/** Nothing the faults tests run asks for input; a command that did would fail loudly. */
	private static final org.springframework.shell.core.InputReader NO_INPUT = new org.springframework.shell.core.InputReader() {

		@Override
		public String readInput(String prompt) {
			throw new IllegalStateException("unexpected prompt: " + prompt);
		}

		@Override
		public char[] readPassword(String prompt) {
			throw new IllegalStateException("unexpected prompt: " + prompt);
		}

	};

	/** Runs lines as `scripts/s4e < file` would; stdout and stderr are captured. */
	static synchronized Run run(S4eShellRunner runner, String... lines) {
		ERR.getBuffer().setLength(0);
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		int code;
		try {
			code = runner.runScript(new StringReader(String.join("\n", lines) + "\n"), "stdin");
		}
		finally {
			System.out.flush();
			System.err.flush();
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
		// The shell's own stderr (ConsoleIO) and anything written to System.err (the --debug HTTP log).
		return new Run(code, out.toString(StandardCharsets.UTF_8), ERR + err.toString(StandardCharsets.UTF_8));
	}

	private static WireMockServer startWireMock() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.wireMockConfig()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.containerThreads(16));
		server.start();
		return server;
	}

	private static Path tempHome() {
		try {
			return Files.createTempDirectory("s4e-reliability");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A connection whose server the test chooses; each choice gets a fresh client (no carried-over back-off). */
	static final class SwitchableConnection extends ConnectionManager {

		private volatile ClientConfig config = config("http://127.0.0.1:" + deadPort(), "unset_token_0000");

		private volatile S4eClient client;

		SwitchableConnection(Profiles profiles) {
			super(profiles, Map.of(), "reliability", false, false, null);
		}

		private volatile ClientConfig armed;

		private final java.util.List<S4eClient> retired = new java.util.ArrayList<>();

		synchronized void pointAt(ClientConfig newConfig) {
			armed = null;
			S4eClient old = client;
			client = null;
			config = newConfig;
			if (old != null) {
				old.close();
			}
			retired.forEach(S4eClient::close);
			retired.clear();
		}

		/** Points at {@code later} once {@link #switchIfArmed()} is called, e.g. after a server answered. */
		synchronized void pointAtLater(ClientConfig later) {
			armed = later;
		}

		/**
		 * Makes the armed switch: the next request goes to the new server. The old client is closed later, since a
		 * call on it may still be reading its answer.
		 */
		synchronized void switchIfArmed() {
			if (armed != null) {
				if (client != null) {
					retired.add(client);
				}
				client = null;
				config = armed;
				armed = null;
			}
		}

		@Override
		public synchronized Profiles.Connection connection() {
			return new Profiles.Connection("reliability", Profiles.Source.ENVIRONMENT, config);
		}

		@Override
		public boolean isSandbox() {
			return false;
		}

		@Override
		public String target() {
			return "reliability";
		}

		@Override
		public synchronized S4eClient client() {
			if (client == null) {
				client = new S4eClient(config);
			}
			return client;
		}

		@Override
		public void warmUpInBackground() {
		}

		@Override
		public String describe() {
			return config.baseUrl() + " (token " + config.token().masked() + ")";
		}

		@Override
		public String baseUrl() {
			return config.baseUrl().toString();
		}

		@Override
		public synchronized void close() {
			if (client != null) {
				client.close();
			}
		}

	}

	@TestConfiguration
	static class Beans {

		@Bean
		@Primary
		XdgDirs reliabilityDirs() {
			return dirs();
		}

		@Bean
		@Primary
		ConnectionManager reliabilityConnection() {
			return CONNECTION;
		}

		@Bean
		@Primary
		ConsoleIO reliabilityConsole() {
			ConsoleIO io = new ConsoleIO(Map.of());
			io.redirect(new PrintWriter(ERR, true), false, 0);
			return io;
		}

	}

}
