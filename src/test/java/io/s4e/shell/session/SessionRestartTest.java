package io.s4e.shell.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.commands.ShellProcess;
import io.s4e.shell.commands.ShellProcess.Result;

/** Session state across restarts of the shell (a new context each command) over one state folder. */
class SessionRestartTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path home;

	Path sessionFile() {
		return home.resolve("state/s4e/sandbox/session.json");
	}

	static JsonNode json(Result r) throws Exception {
		assertThat(r.exitCode()).as(r.err()).isZero();
		return JSON.readTree(r.out());
	}

	@Test
	void lastScanCurrentAssetFiltersAndRecentScansSurviveARestart() throws Exception {
		String first = json(ShellProcess.run(home, "scan", "create", "--asset", "a-1019", "--type", "port", "-o",
				"json")).path("scan_id").asText();
		String second = json(ShellProcess.run(home, "scan", "create", "--asset", "a-1018", "--type", "quick", "-o",
				"json")).path("scan_id").asText();
		assertThat(ShellProcess.run(home, "use", "asset", "a-1019").exitCode()).isZero();
		assertThat(ShellProcess.run(home, "filter", "set", "scan.status=queued", "severity=critical,high").exitCode())
			.isZero();

		JsonNode session = json(ShellProcess.run(home, "session", "show", "-o", "json"));
		assertThat(session.path("last_scan").asText()).isEqualTo(second);
		assertThat(session.path("current_asset").asText()).isEqualTo("a-1019");
		assertThat(session.path("filters").path("scan.status").asText()).isEqualTo("queued");
		assertThat(session.path("filters").path("severity").asText()).isEqualTo("critical,high");
		assertThat(session.path("recent_scans").findValuesAsText("scan_id")).containsExactly(second, first);

		// An omitted ID after a restart is the last scan of the session.
		assertThat(json(ShellProcess.run(home, "scan", "show", "-o", "json")).path("scan_id").asText())
			.isEqualTo(second);
		// The current asset still fills in --asset, and saved filters are applied and said so.
		Result list = ShellProcess.run(home, "scan", "list", "-o", "json");
		assertThat(list.err()).contains("session filters applied").contains("asset_id=a-1019")
			.contains("status=queued");
		json(list).forEach(s -> assertThat(s.path("asset_id").asText()).isEqualTo("a-1019"));
		// The file is plain JSON written whole (no temp file left behind) and never holds the token.
		String onDisk = Files.readString(sessionFile());
		assertThat(JSON.readTree(onDisk).path("last_scan_id").asText()).isEqualTo(second);
		assertThat(onDisk).doesNotContain(io.s4e.shell.commands.ShellTestSupport.SANDBOX.token());
		try (Stream<Path> files = Files.list(sessionFile().getParent())) {
			assertThat(files.map(p -> p.getFileName().toString()).toList())
				.allSatisfy(n -> assertThat(n).isIn("session.json", "session.lock"));
		}
	}

	@Test
	void aCorruptSessionFileIsSetAsideWithAWarning() throws Exception {
		String id = json(ShellProcess.run(home, "scan", "create", "--asset", "a-1021", "--type", "ssl", "-o",
				"json")).path("scan_id").asText();
		byte[] corrupt = "{\"last_scan_id\": \"sc-1\", \"recent_scans\": [ {\"scan_id\"\u0000 ".getBytes(
				StandardCharsets.UTF_8);
		Files.write(sessionFile(), corrupt);

		Result r = ShellProcess.run(home, "session", "show");
		assertThat(r.exitCode()).isZero();
		assertThat(r.err().lines().filter(l -> l.startsWith("warning: ")).toList()).singleElement()
			.asString()
			.contains("session file was unreadable")
			.contains("session.json.corrupt-");
		assertThat(r.out()).contains("Last scan:     (none)");
		List<Path> aside;
		try (Stream<Path> files = Files.list(sessionFile().getParent())) {
			aside = files.filter(p -> p.getFileName().toString().startsWith("session.json.corrupt-")).toList();
		}
		assertThat(aside).singleElement();
		assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(corrupt);

		// The shell goes on with a fresh session, and the scan itself is still on the server.
		assertThat(ShellProcess.run(home, "scan", "show", id).exitCode()).isZero();
		assertThat(JSON.readTree(Files.readString(sessionFile())).path("last_scan_id").asText()).isEqualTo(id);
		assertThat(ShellProcess.run(home, "session", "show").err()).doesNotContain("warning");
	}

}
