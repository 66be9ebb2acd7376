package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.test.ShellScreen;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.console.ErrorReporter;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionStore;

/** The commands as a person types them, against the sandbox, through Spring Shell's test client. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class ShellCommandsTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	ShellTestClient shell;

	@Autowired
	SessionService session;

	@Autowired
	ErrorReporter errors;

	@BeforeEach
	void clean() throws Exception {
		shell.sendCommand("filter clear");
		shell.sendCommand("use none");
	}

	String run(String line) throws Exception {
		ShellScreen screen = shell.sendCommand(line);
		return String.join("\n", screen.lines());
	}

	JsonNode json(String line) throws Exception {
		return JSON.readTree(run(line));
	}

	/** The one line the shell would print for a failing command. */
	String failure(String line) {
		try {
			shell.sendCommand(line);
		}
		catch (Exception e) {
			return errors.report(e).line();
		}
		throw new AssertionError("expected `" + line + "` to fail");
	}

	@Test
	void assetListAndShowInEveryFormat() throws Exception {
		assertThat(run("asset list --type domain")).contains("a-1001").contains("example.com").contains("ID");
		JsonNode assets = json("asset list -o json --per-page 100");
		assertThat(assets.isArray()).isTrue();
		assertThat(assets.size()).isGreaterThanOrEqualTo(25);
		assertThat(run("asset list -o jsonl --per-page 5").lines()).hasSize(5)
			.allSatisfy(l -> assertThat(JSON.readTree(l).path("id").asText()).startsWith("a-"));
		assertThat(run("asset list -o csv --per-page 3").lines().findFirst().orElseThrow()).contains("id");
		assertThat(run("asset show a-1001 -o yaml")).contains("id: \"a-1001\"").contains("name:");
		assertThat(run("asset list -o json --jq '.[0].id'")).startsWith("\"a-");
	}

	@Test
	void createThenLastResolvesToIt() throws Exception {
		JsonNode created = json("scan create --asset a-1002 --type quick --priority high --option max_depth=3 -o json");
		String id = created.path("scan_id").asText();
		assertThat(id).startsWith("sc-");
		assertThat(session.state().lastScanId()).isEqualTo(id);
		assertThat(json("scan show -o json").path("scan_id").asText()).isEqualTo(id);
		assertThat(json("scan status last -o json").path("scan_id").asText()).isEqualTo(id);
		assertThat(session.state().recentScans()).extracting(r -> r.scanId()).contains(id);

		ShellTestSupport.CLOCK.advance(Duration.ofMinutes(5));
		JsonNode done = json("scan show last -o json");
		assertThat(done.path("status").asText()).isIn("completed", "failed");
		JsonNode results = json("scan results -o json");
		assertThat(results.isArray()).isTrue();
		String sarif = run("scan results last -o sarif");
		assertThat(JSON.readTree(sarif).path("version").asText()).isEqualTo("2.1.0");
		assertThat(run("scan results -o csv").lines().findFirst().orElseThrow()).contains("severity");
	}

	@Test
	void createTwiceOnOneAssetAdoptsTheActiveScan() throws Exception {
		String first = json("scan create --asset a-1006 --type full -o json").path("scan_id").asText();
		ShellTestSupport.ERR.getBuffer().setLength(0);
		String second = json("scan create --asset a-1006 --type quick -o json").path("scan_id").asText();
		assertThat(second).isEqualTo(first);
		assertThat(ShellTestSupport.ERR.toString()).contains("already").contains(first);
		run("scan cancel " + first);
		assertThat(json("scan show " + first + " -o json").path("status").asText()).isEqualTo("cancelled");
	}

	@Test
	void currentAssetAndSavedFiltersApplyAndAreAnnounced() throws Exception {
		run("use asset a-1003");
		assertThat(session.currentAsset()).isEqualTo("a-1003");
		String id = json("scan create --type ssl -o json").path("scan_id").asText();
		assertThat(json("scan show " + id + " -o json").path("asset_id").asText()).isEqualTo("a-1003");
		run("use none");

		run("filter set scan.status=cancelled");
		assertThat(run("filter show")).contains("scan.status=cancelled");
		ShellTestSupport.ERR.getBuffer().setLength(0);
		JsonNode cancelled = json("scan list -o json");
		assertThat(ShellTestSupport.ERR.toString()).contains("session filters applied: status=cancelled");
		cancelled.forEach(s -> assertThat(s.path("status").asText()).isEqualTo("cancelled"));
		run("filter clear");
		assertThat(run("filter show")).contains("No saved filters");
	}

	@Test
	void findingsListShowAndTriage() throws Exception {
		json("scan create --asset a-1017 --type port -o json");
		ShellTestSupport.CLOCK.advance(Duration.ofMinutes(5));
		JsonNode findings = json("finding list --asset a-1017 -o json");
		assertThat(findings.size()).isPositive();
		String fid = findings.get(0).path("id").asText();
		assertThat(run("finding show " + fid)).contains(fid);
		assertThat(run("finding triage " + fid + " --status false_positive --note \"behind the WAF\""))
			.contains("false_positive");
		assertThat(json("finding show " + fid + " -o json").path("status").asText()).isEqualTo("false_positive");
	}

	@Test
	void sessionStateSurvivesARestart() throws Exception {
		String id = json("scan create --asset a-1004 --type dns -o json").path("scan_id").asText();
		run("use asset a-1004");
		// A new store over the same folder, as a restarted shell would open it.
		SessionStore reopened = SessionStore.open(ShellTestSupport.dirs().state(), "sandbox");
		assertThat(reopened.current().lastScanId()).isEqualTo(id);
		assertThat(reopened.current().currentAssetId()).isEqualTo("a-1004");
		assertThat(reopened.current().recentScans()).extracting(r -> r.scanId()).contains(id);
	}

	@Test
	void errorsAreOneClearLine() throws Exception {
		assertThat(failure("scan show sc-nope")).contains("sc-nope").contains("not found").doesNotContain("\n");
		assertThat(failure("asset show a-0000")).contains("a-0000").contains("not found");
		assertThat(failure("scan create --asset a-1001 --type deep"))
			.contains("scan_type");
		assertThat(failure("scan list --per-page 500")).contains("per_page");
		assertThat(failure("scan list -o xml")).contains("xml").contains("json");
		assertThat(failure("asset list -o json --jq '.[' ")).isNotBlank().doesNotContain("\n");
		assertThat(failure("finding triage f-1 --status bogus")).contains("bogus").contains("false_positive");
		assertThat(failure("scan show a b")).contains("Too many arguments");
		assertThat(failure("scan create --type")).contains("needs a value");
	}

	@Test
	void unknownFlagsAndCommandsAreRejectedByTheParser() throws Exception {
		assertThatThrownBy(() -> shell.sendCommand("scan list --bogus")).isInstanceOf(UsageException.class)
			.hasMessageContaining("Unknown option '--bogus'")
			.hasMessageContaining("--status");
		assertThatThrownBy(() -> shell.sendCommand("scna list")).isInstanceOf(UsageException.class)
			.hasMessageContaining("Unknown command");
		// A stray word (e.g. a TAB menu entry accepted with Enter, then more typing) is refused, not dropped.
		int scansBefore = json("scan list -o json --all").size();
		assertThatThrownBy(() -> shell.sendCommand("scan create --type quick --asset a-1001 a-1002"))
			.isInstanceOf(UsageException.class)
			.hasMessageContaining("`scan create` takes no words besides its options, but got 'a-1002'")
			.hasMessageContaining("--asset");
		assertThat(json("scan list -o json --all").size()).as("nothing was created").isEqualTo(scansBefore);
		assertThatThrownBy(() -> shell.sendCommand("session show now")).isInstanceOf(UsageException.class)
			.hasMessageContaining("`session show` takes no words");
		// Commands that take words still do.
		assertThat(run("help scan create")).contains("--type");
	}

	@Test
	void lastWithoutAnyScanSaysWhatToDo() throws Exception {
		SessionService fresh = new SessionService(SessionStore.open(ShellTestSupport.HOME.resolve("empty"), "x"));
		assertThatThrownBy(() -> fresh.resolveScanId("last")).isInstanceOf(UsageException.class)
			.hasMessageContaining("scan create");
	}

	@Test
	void apiErrorsSurfaceTyped() {
		assertThatThrownBy(() -> shell.sendCommand("scan show sc-404404")).isInstanceOf(CommandExecutionException.class)
			.hasRootCauseInstanceOf(ApiException.NotFound.class);
	}

	@Test
	void helpAndVersion() throws Exception {
		assertThat(run("help scan create")).contains("scan create");
		assertThat(run("version")).startsWith("s4e-shell ");
		List<String> lines = shell.sendCommand("scan create --help").lines();
		assertThat(String.join("\n", lines)).contains("Example:");
	}

}
