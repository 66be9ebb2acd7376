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
		return new XdgDirs(HOME.resolve("config/s4e"), HOME.resolve("state/s4e"), HOME.resolve("data/s4e"));
	}

	@TestConfiguration
	public static class Beans {

		@Bean
		@Primary
		XdgDirs testDirs() {
			return dirs();
		}

		@Bean
		@Primary
		ConnectionManager testConnection() {
			return ConnectionManager.fixed(ClientConfig.of(SANDBOX.baseUrl(), Secret.of(SANDBOX.token()))
				.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)), "sandbox",
					new Profiles(dirs().config().resolve("config")));
		}

		@Bean
		@Primary
		ConsoleIO testConsole() {
			ConsoleIO io = new ConsoleIO(java.util.Map.of());
			io.redirect(new PrintWriter(ERR, true), false, 0);
			return io;
		}

	}

}
