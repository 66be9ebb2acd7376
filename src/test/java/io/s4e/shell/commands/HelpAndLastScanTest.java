package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.service.SessionService;

/** Help texts, usage mistakes as the shell reports them, and what an omitted scan ID or `last` means. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class HelpAndLastScanTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	ShellTestClient shell;

	@Autowired
	CommandRegistry registry;

	@Autowired
	S4eShellRunner runner;

	@Autowired
	SessionService session;

	@BeforeEach
	void clean() throws Exception {
		shell.sendCommand("use none");
		ShellTestSupport.takeErr();
	}

	String run(String line) throws Exception {
		return String.join("\n", shell.sendCommand(line).lines());
	}

	String scanId(String line) throws Exception {
		return JSON.readTree(run(line)).path("scan_id").asText();
	}

	@Test
	void everyCommandOfOursHasUsageAndAnExample() {
		List<Command> ours = registry.getCommands()
			.stream()
			.filter(c -> !"Built-In Commands".equals(c.getGroup()))
			.toList();
		assertThat(ours).extracting(Command::getName)
			.contains("scan create", "scan list", "scan show", "scan status", "scan cancel", "scan results",
					"asset list", "asset show", "finding list", "finding show", "finding triage", "use asset",
					"use none", "filter set", "filter show", "filter clear", "session show", "auth login",
					"auth status", "profile list", "profile use", "help", "script", "stacktrace", "version");
		for (Command c : ours) {
			assertThat(c.getDescription()).as(c.getName()).isNotBlank();
			assertThat(c.getHelp()).as(c.getName()).startsWith(c.getName()).contains("\nExample: " + c.getName());
		}
	}

	@Test
	void helpShowsUsageOptionsAndExample() throws Exception {
		String page = run("help scan create");
		assertThat(page).startsWith("scan create: Create a scan")
			.contains("scan create --asset ID --type TYPE")
			.contains("Example: scan create")
			.contains("Options:")
			.contains("--asset VALUE")
			.contains("--output, -o VALUE");
		assertThat(run("scan list --help")).contains("Example: scan list");
		String group = run("help scan");
		assertThat(group).contains("scan create", "scan list", "scan results").doesNotContain("asset list");
		String all = run("help");
		assertThat(all).contains("Scans", "Findings", "Assets", "Session", "scan create", "finding triage");
		assertThatThrownBy(() -> shell.sendCommand("help nope")).isInstanceOf(Exception.class)
			.rootCause()
			.isInstanceOf(UsageException.class)
			.hasMessageContaining("No command 'nope'");
	}

	/** What the shell prints and returns for a line, as the interactive loop runs it. */
	record Outcome(int code, List<String> errLines) {
	}

	Outcome line(String line) {
		StringWriter out = new StringWriter();
		ShellTestSupport.takeErr();
		int code = runner.runLine(line, new PrintWriter(out, true), null);
		return new Outcome(code, ShellTestSupport.takeErr().lines().toList());
	}

	@Test
	void usageMistakesAreOneLineAndExitTwo() {
		Outcome bogus = line("scan bogus");
		assertThat(bogus.code()).isEqualTo(2);
		assertThat(bogus.errLines()).singleElement()
			.asString()
			.startsWith("error: Unknown sub-command 'bogus' for `scan`: use one of cancel, create, list")
			.contains("`help scan`")
			.endsWith(".");
		Outcome bare = line("scan");
		assertThat(bare.code()).isEqualTo(2);
		assertThat(bare.errLines()).singleElement().asString().contains("`scan` needs a sub-command");
		Outcome nested = line("finding triage-all");
		assertThat(nested.code()).isEqualTo(2);
		assertThat(nested.errLines()).singleElement().asString()
			.contains("Unknown sub-command 'triage-all' for `finding`: use one of list, show, triage");
		for (String bad : List.of("scna list", "scan list --bogus", "scan list --page x", "scan list --per-page",
				"finding list --cvss-min high", "scan create --type", "scan show a b", "filter set nokey",
				"scan create --asset a-1001 --type quick --priority urgent", "finding list --severity severe",
				"scan list -o xml", "asset list --jq '.['", "scan list 'unclosed")) {
			Outcome o = line(bad);
			assertThat(o.code()).as(bad).isEqualTo(2);
			assertThat(o.errLines()).as(bad).singleElement().asString().startsWith("error: ").endsWith(".")
				.doesNotContain("..").doesNotContain("Exception");
		}
		assertThat(line("scan list --page x").errLines().get(0)).contains("'--page' takes a whole number, not 'x'");
		// And the shell is still there.
		assertThat(line("version").code()).isZero();
	}

	@Test
	void omittedIdAndLastMeanTheLastScanCreatedOrLookedAt() throws Exception {
		String created = scanId("scan create --asset a-1007 --type quick -o json");
		for (String command : List.of("scan show", "scan status")) {
			assertThat(scanId(command + " -o json")).as(command).isEqualTo(created);
			assertThat(scanId(command + " last -o json")).as(command + " last").isEqualTo(created);
		}
		assertThat(run("scan results -o json")).startsWith("[");
		assertThat(run("scan results last -o json")).startsWith("[");
		assertThat(session.state().lastScanId()).isEqualTo(created);

		// Looking at another scan makes it the last one.
		String older = JSON.readTree(run("scan list -o json --per-page 3")).get(2).path("scan_id").asText();
		run("scan show " + older);
		assertThat(scanId("scan status -o json")).isEqualTo(older);
		run("scan results " + created + " -o json");
		assertThat(scanId("scan show last -o json")).isEqualTo(created);

		// Cancel without an ID cancels that scan.
		assertThat(run("scan cancel")).contains(created).contains("cancelled");
		assertThat(JSON.readTree(run("scan show -o json")).path("status").asText()).isEqualTo("cancelled");
		assertThat(session.state().recentScans().get(0).scanId()).isEqualTo(created);
	}

}
