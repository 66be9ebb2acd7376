package io.s4e.shell.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.Secret;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.sandbox.ManualClock;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.support.XdgDirs;

/**
 * One sandbox for the shell-level tests, driven by a manual clock, and the beans that point the shell at it with
 * private state folders. Shared across test classes (started once), since each start seeds a world.
 */
public final class ShellTestSupport {

	public static final ManualClock CLOCK = ManualClock.atDocumentationEpoch();

	public static final SandboxServer SANDBOX = start();

	public static final Path HOME = tempHome();

	/** What commands printed to stderr (notes, warnings, progress). */
	public static final StringWriter ERR = new StringWriter();

	private ShellTestSupport() {
	}

	private static SandboxServer start() {
		try {
			return SandboxServer.start(SandboxConfig.builder()
				.clock(CLOCK)
				.tickInterval(Duration.ZERO)
				.tierRateLimit(SandboxRateLimit.unlimited())
				.createRateLimit(SandboxRateLimit.unlimited())
				.build());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Path tempHome() {
		try {
			return Files.createTempDirectory("s4e-shell-test");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static XdgDirs dirs() {
		return dirs(HOME);
	}

	public static XdgDirs dirs(Path home) {
		return new XdgDirs(home.resolve("config/s4e"), home.resolve("state/s4e"), home.resolve("data/s4e"));
	}

	/**
	 * Points the shell at the shared sandbox with private state folders. {@code s4e.test.home} and
	 * {@code s4e.test.base-url} move it elsewhere (another state folder, a fault-injecting proxy).
	 */
	@TestConfiguration
	public static class Beans {

		@Bean
		@Primary
		XdgDirs testDirs(Environment env) {
			return dirs(Path.of(env.getProperty("s4e.test.home", HOME.toString())));
		}

		@Bean
		@Primary
		ConnectionManager testConnection(Environment env, XdgDirs dirs) {
			return ConnectionManager.fixed(ClientConfig.of(env.getProperty("s4e.test.base-url", SANDBOX.baseUrl()),
					Secret.of(SANDBOX.token()))
				.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)), "sandbox",
					new Profiles(dirs.config().resolve("config")));
		}

		@Bean
		@Primary
		ConsoleIO testConsole() {
			ConsoleIO io = new ConsoleIO(java.util.Map.of());
			io.redirect(new PrintWriter(ERR, true), false, 0);
			return io;
		}

	}

	/** What was printed to stderr since the last call, and a clean buffer for the next command. */
	public static String takeErr() {
		synchronized (ERR) {
			String s = ERR.toString();
			ERR.getBuffer().setLength(0);
			return s;
		}
	}

}
