package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The standalone sandbox's command line: every option it documents, and one clear line for a wrong one. */
class SandboxMainTest {

	@Test
	void everyDocumentedOptionIsParsed() {
		SandboxConfig config = SandboxMain.parseArguments("--port", "8080", "--dialect", "guide", "--state",
				"/tmp/s4e-state.json", "--seed", "7", "--speed=2.5", "--concurrency", "5", "--rate-limit", "600",
				"--burst", "50", "--create-limit", "3", "--webhook-secret", "whsec_x", "--token", "s4e_sbx_fixed",
				"--add-token", "s4e_ro=read:scans,read:assets", "--add-token", "s4e_w=scan:write");
		assertThat(config.port()).isEqualTo(8080);
		assertThat(config.dialect()).isEqualTo(SandboxDialect.GUIDE);
		assertThat(config.stateFile()).isEqualTo(Path.of("/tmp/s4e-state.json"));
		assertThat(config.seed()).isEqualTo(7);
		assertThat(config.speed()).isEqualTo(2.5);
		assertThat(config.concurrencyLimit()).isEqualTo(5);
		assertThat(config.tierRateLimit()).isEqualTo(new SandboxRateLimit(600, 50));
		assertThat(config.createRateLimit()).isEqualTo(SandboxRateLimit.perMinute(3));
		assertThat(config.webhookSecret()).isEqualTo("whsec_x");
		assertThat(config.defaultToken()).isEqualTo("s4e_sbx_fixed");
		assertThat(config.tokens()).containsExactly(new SandboxToken("s4e_ro", Set.of("read:scans", "read:assets")),
				new SandboxToken("s4e_w", Set.of("scan:write")));
		assertThat(config.scanDurationMillis("quick")).isEqualTo(6000);

		SandboxConfig defaults = SandboxMain.parseArguments();
		assertThat(defaults.port()).isZero();
		assertThat(defaults.dialect()).isEqualTo(SandboxDialect.REFERENCE);
		assertThat(defaults.stateFile()).isNull();
		assertThat(defaults.tierRateLimit()).isEqualTo(SandboxRateLimit.STANDARD_TIER);
		assertThat(defaults.createRateLimit()).isEqualTo(SandboxRateLimit.SCAN_CREATE);
		assertThat(defaults.scanDurations().get("quick")).isEqualTo(Duration.ofSeconds(15));
		assertThat(defaults.scanDurations().get("full")).isEqualTo(Duration.ofSeconds(45));
		assertThat(SandboxMain.parseArguments("--rate-limit", "unlimited", "--create-limit", "none").tierRateLimit()
			.isUnlimited()).isTrue();
		assertThat(SandboxMain.parseArguments("--rate-limit", "1000").tierRateLimit())
			.isEqualTo(new SandboxRateLimit(1000, 200));
	}

	@Test
	void theHelpNamesEveryOptionTheParserTakes() {
		for (String option : List.of("--port", "--dialect", "--state", "--seed", "--speed", "--concurrency",
				"--rate-limit", "--burst", "--create-limit", "--webhook-secret", "--token", "--add-token", "--no-event-stream",
				"--help")) {
			assertThat(SandboxMain.USAGE).contains("  " + option + " ");
		}
	}

	@Test
	void aWrongOptionIsOneClearLine() {
		assertThatThrownBy(() -> SandboxMain.parseArguments("--prot", "8080")).hasMessage("unknown option --prot");
		assertThatThrownBy(() -> SandboxMain.parseArguments("--port", "http")).hasMessageContaining("--port")
			.hasMessageContaining("0 to 65535");
		assertThatThrownBy(() -> SandboxMain.parseArguments("--dialect", "v2")).hasMessageContaining("reference or guide");
		assertThatThrownBy(() -> SandboxMain.parseArguments("--speed", "-1")).hasMessageContaining("positive");
		assertThatThrownBy(() -> SandboxMain.parseArguments("--port")).hasMessage("--port needs a value");
		assertThatThrownBy(() -> SandboxMain.parseArguments("8080")).hasMessageContaining("unexpected argument");
		assertThatThrownBy(() -> SandboxMain.parseArguments("--add-token", "s4e_x")).hasMessageContaining("TOKEN=SCOPE");
	}

	@Test
	void theBannerTellsTheBaseUrlAndTheToken() throws Exception {
		try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().defaultToken("s4e_sbx_banner").build())) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			SandboxMain.printBanner(server, new PrintStream(bytes, true, StandardCharsets.UTF_8));
			assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("base URL: " + server.baseUrl())
				.contains("token:    s4e_sbx_banner")
				.contains("memory only");
		}
	}

}
