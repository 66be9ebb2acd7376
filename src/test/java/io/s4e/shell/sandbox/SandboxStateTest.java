package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code --state FILE|none}: the world survives a restart, writes are atomic (a kill -9 at any moment leaves a
 * readable file holding every scan whose creation was answered), and unreadable or foreign state is handled.
 */
class SandboxStateTest {

	private final ManualClock clock = ManualClock.atDocumentationEpoch();

	@TempDir
	Path dir;

	private static List<String> scanIds(SandboxTestClient api) {
		List<String> ids = new ArrayList<>();
		for (int page = 1;; page++) {
			JsonNode body = api.get("/api/scans?per_page=100&page=" + page).body();
			body.path("data").forEach(s -> ids.add(s.path("scan_id").asText()));
			if (page >= body.path("meta").path("total_pages").asInt()) {
				return ids;
			}
		}
	}

	@Test
	void theWorldCarriesOnAfterARestartIncludingTimeThatPassedWhileDown() throws Exception {
		Path state = dir.resolve("sandbox-state.json");
		SandboxConfig config = SandboxTesting.manual(clock).stateFile(state).build();
		String token;
		String running;
		String cancelled;
		String triaged;
		long lastEvent;
		List<String> before;
		try (SandboxServer server = SandboxServer.start(config)) {
			token = server.token();
			SandboxTestClient api = SandboxTestClient.of(server);
			running = api.createScan("a-1001", "full", null).body().path("data").path("scan_id").asText();
			cancelled = api.createScan("a-1002", "quick", null).body().path("data").path("scan_id").asText();
			clock.advance(Duration.ofSeconds(10));
			api.post("/api/scan/" + cancelled + "/cancel", null);
			triaged = api.get("/api/findings?per_page=1").body().path("data").get(0).path("id").asText();
			api.patch("/api/findings/" + triaged, "{\"status\":\"resolved\",\"note\":\"patched in 2.4.1\"}");
			before = scanIds(api);
			lastEvent = server.events().lastSequence();
		}
		assertThat(state).exists();
		assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

		clock.advance(Duration.ofMinutes(5));
		try (SandboxServer server = SandboxServer.start(config)) {
			assertThat(server.token()).as("the token is kept with the state").isEqualTo(token);
			SandboxTestClient api = SandboxTestClient.of(server);
			assertThat(scanIds(api)).containsExactlyElementsOf(before);
			JsonNode scan = api.get("/api/scan/" + running).body().path("data");
			assertThat(scan.path("status").asText()).as("finished while the sandbox was down").isEqualTo("completed");
			assertThat(scan.path("completed_at").asText()).isEqualTo("2026-04-28T12:00:47Z");
			assertThat(api.get("/api/scan/" + cancelled).body().path("data").path("status").asText())
				.isEqualTo("cancelled");
			JsonNode finding = api.get("/api/findings/" + triaged).body().path("data");
			assertThat(finding.path("status").asText()).isEqualTo("resolved");
			assertThat(finding.path("note").asText()).isEqualTo("patched in 2.4.1");
			// New IDs continue after the old ones.
			assertThat(api.createScan("a-1003", "ssl", null).body().path("data").path("scan_id").asText())
				.isEqualTo("sc-44023");
			assertThat(server.events().lastSequence()).isGreaterThan(lastEvent);
			assertThat(server.events().retained()).allSatisfy(e -> assertThat(e.sequence()).isGreaterThan(lastEvent));
		}
	}

	@Test
	void stateNoneWritesNothingAndAFreshSandboxForgets() throws Exception {
		assertThat(SandboxMain.parseArguments("--state", "none").stateFile()).isNull();
		assertThat(SandboxMain.parseArguments("--state", dir.resolve("s.json").toString()).stateFile())
			.isEqualTo(dir.resolve("s.json"));
		SandboxConfig config = SandboxTesting.manual(clock).build();
		try (SandboxServer server = SandboxServer.start(config)) {
			SandboxTestClient.of(server).createScan("a-1001", "quick", null);
		}
		try (SandboxServer server = SandboxServer.start(config)) {
			assertThat(SandboxTestClient.of(server).get("/api/scans?status=queued").body().path("meta").path("total")
				.asInt()).isZero();
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void anUnreadableStateFileIsMovedAsideAndAForeignDialectIsRefused() throws Exception {
		Path state = dir.resolve("state.json");
		Files.writeString(state, "{\"format\": 1, \"dialect\": \"reference\", \"assets\": [tru");
		try (SandboxServer server = SandboxServer.start(SandboxTesting.manual(clock).stateFile(state).build())) {
			assertThat(SandboxTestClient.of(server).get("/api/assets").status()).isEqualTo(200);
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertThat(files.map(p -> p.getFileName().toString()))
				.anySatisfy(name -> assertThat(name).startsWith("state.json.corrupt-"))
				.contains("state.json");
		}
		assertThatThrownBy(() -> SandboxServer.start(SandboxTesting.manual(clock).stateFile(state)
			.dialect(SandboxDialect.GUIDE).build())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("reference-dialect");
		// A directory is refused, not moved aside.
		assertThatThrownBy(() -> SandboxServer.start(SandboxTesting.manual(clock).stateFile(dir).build()))
			.isInstanceOf(java.io.IOException.class)
			.hasMessageContaining("is a directory");
		assertThat(dir).isDirectory();
	}

	/**
	 * A standalone sandbox persisting to a file is killed with SIGKILL while scans are being created and cancelled,
	 * twice. Each time the file must load, and hold every scan whose creation was answered with 201.
	 */
	@Test
	void aKillNineAtAnyMomentLeavesAReadableFileWithEveryAnsweredScan() throws Exception {
		Path state = dir.resolve("standalone-state.json");
		Set<String> answered = new HashSet<>();
		String[] assets = { "a-1001", "a-1002", "a-1003", "a-1004", "a-1006", "a-1007", "a-1008", "a-1009" };
		for (int round = 0; round < 2; round++) {
			try (ChildJvm sandbox = ChildJvm.start(SandboxMain.class.getName(), List.of("--port", "0", "--state",
					state.toString(), "--rate-limit", "unlimited", "--create-limit", "unlimited", "--speed", "50"),
					Map.of())) {
				String base = sandbox.awaitLine(l -> l.contains("base URL:"), Duration.ofSeconds(60));
				String token = sandbox.awaitLine(l -> l.contains("token:"), Duration.ofSeconds(10));
				SandboxTestClient api = new SandboxTestClient(base.substring(base.indexOf("http")),
						token.substring(token.indexOf(':') + 1).trim());
				// Create and cancel at full speed; kill after a different number of writes each round.
				int creates = round == 0 ? 9 : 17;
				for (int i = 0; i < creates; i++) {
					SandboxTestClient.Reply created = api.createScan(assets[i % assets.length], "full", null);
					if (created.status() == 201) {
						String id = created.body().path("data").path("scan_id").asText();
						answered.add(id);
						api.post("/api/scan/" + id + "/cancel", null);
					}
					else {
						assertThat(created.status()).as(created.toString()).isEqualTo(409);
					}
				}
				api.createScan("a-1012", "full", null);
				sandbox.kill();
			}
			WorldState loaded = StateStore.load(state);
			assertThat(loaded).as("the state file after kill -9 is readable").isNotNull();
			assertThat(loaded.cleanShutdown()).isFalse();
			Set<String> persisted = new HashSet<>();
			loaded.scans().forEach(s -> persisted.add(s.id));
			assertThat(persisted).containsAll(answered);
			try (Stream<Path> files = Files.list(dir)) {
				assertThat(files.map(p -> p.getFileName().toString())).containsExactly(state.getFileName().toString());
			}
		}
		// Ctrl-C (SIGTERM) stops it cleanly: the last write is marked clean.
		try (ChildJvm sandbox = ChildJvm.start(SandboxMain.class.getName(), List.of("--port", "0", "--state",
				state.toString()), Map.of())) {
			String base = sandbox.awaitLine(l -> l.contains("base URL:"), Duration.ofSeconds(60));
			String token = sandbox.awaitLine(l -> l.contains("token:"), Duration.ofSeconds(10));
			SandboxTestClient api = new SandboxTestClient(base.substring(base.indexOf("http")),
					token.substring(token.indexOf(':') + 1).trim());
			answered.add(api.createScan("a-1013", "quick", null).body().path("data").path("scan_id").asText());
			sandbox.process().destroy();
			assertThat(sandbox.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		}
		WorldState stopped = StateStore.load(state);
		assertThat(stopped.cleanShutdown()).isTrue();
		assertThat(stopped.scans()).extracting(s -> s.id).containsAll(answered);
		// And a sandbox started on it serves them.
		try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().stateFile(state).build())) {
			assertThat(scanIds(SandboxTestClient.of(server))).containsAll(answered);
		}
	}

}
