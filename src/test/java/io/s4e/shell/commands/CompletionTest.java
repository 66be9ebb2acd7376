package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;

import org.jline.reader.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.S4eShellApplication;

/** TAB against the sandbox: commands, options, every enum, and live asset and scan IDs. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class CompletionTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	CommandCompleter completer;

	@Autowired
	ShellTestClient shell;

	Tab tab;

	@BeforeEach
	void setUp() {
		tab = new Tab(completer);
	}

	/** Live candidates arrive once the background load is in; the deadline test covers the first TAB. */
	static <T> List<T> eventually(Supplier<List<T>> tabAgain) throws InterruptedException {
		List<T> got = tabAgain.get();
		for (int i = 0; i < 400 && got.isEmpty(); i++) {
			Thread.sleep(50);
			got = tabAgain.get();
		}
		return got;
	}

	@Test
	void commandsAndSubCommands() {
		assertThat(tab.values("sc")).contains("scan create", "scan list", "scan show", "scan status", "scan cancel",
				"scan results", "script");
		assertThat(tab.values("fi")).contains("finding list", "finding show", "finding triage", "filter set",
				"filter show", "filter clear");
		assertThat(tab.values("as")).contains("asset list", "asset show").doesNotContain("scan list");
	}

	@Test
	void optionsOfTheCommand() {
		assertThat(tab.values("scan list --")).contains("--status", "--asset", "--type", "--from", "--to", "--page",
				"--per-page", "--all", "--output", "--jq", "--columns");
		assertThat(tab.values("scan create --asset a-1001 --")).contains("--type", "--priority", "--option",
				"--callback-url").doesNotContain("--asset");
		assertThat(tab.values("finding list --s")).contains("--severity", "--status", "--scan", "--search",
				"--sort-by", "--sort-order").allSatisfy(v -> assertThat(v).startsWith("--s"));
	}

	@Test
	void everyEnumValue() {
		assertThat(tab.values("scan create --asset a-1001 --type ")).containsExactlyInAnyOrder("full", "quick",
				"custom", "api_discovery", "ssl", "dns", "port", "web_app", "network", "api");
		assertThat(tab.values("scan list --type ")).hasSize(10);
		assertThat(tab.values("scan list --status ")).containsExactlyInAnyOrder("queued", "running", "completed",
				"failed", "cancelled");
		assertThat(tab.values("scan create --priority ")).containsExactly("low", "normal", "high");
		assertThat(tab.values("finding list --severity ")).containsExactly("critical", "high", "medium", "low",
				"info");
		assertThat(tab.values("scan results --severity ")).containsExactly("critical", "high", "medium", "low",
				"info");
		assertThat(tab.values("finding list --status ")).containsExactlyInAnyOrder("open", "confirmed", "resolved",
				"false_positive", "accepted_risk", "accepted");
		assertThat(tab.values("finding triage f-1 --status ")).contains("false_positive", "accepted_risk");
		assertThat(tab.values("asset list --type ")).containsExactlyInAnyOrder("domain", "ip", "url", "network");
		assertThat(tab.values("asset list --status ")).containsExactlyInAnyOrder("active", "inactive",
				"pending_verification");
		assertThat(tab.values("scan list -o ")).containsExactly("table", "json", "jsonl", "csv", "yaml", "sarif");
		assertThat(tab.values("finding list --sort-order ")).containsExactly("asc", "desc");
	}

	@Test
	void enumValuesArePrefixFilteredAndCommaListsContinue() {
		assertThat(tab.values("scan create --type w")).containsExactly("web_app");
		assertThat(tab.values("scan list --status c")).containsExactlyInAnyOrder("completed", "cancelled");
		assertThat(tab.values("finding list --severity critical,h")).containsExactly("critical,high");
		assertThat(tab.values("finding list --severity critical,")).contains("critical,high", "critical,info")
			.doesNotContain("critical,critical");
	}

	@Test
	void equalsFormKeepsTheOptionPrefix() throws Exception {
		assertThat(tab.values("scan create --type=qu")).containsExactly("--type=quick");
		assertThat(tab.values("scan list --status=")).hasSize(5).allSatisfy(v -> assertThat(v).startsWith("--status="));
		List<String> assets = eventually(() -> tab.values("scan create --type quick --asset=a-100"));
		assertThat(assets).isNotEmpty().contains("--asset=a-1001").allSatisfy(v -> assertThat(v).startsWith("--asset=a-100"));
	}

	@Test
	void liveAssetIdsWithTheirNames() throws Exception {
		List<Candidate> shown = eventually(() -> tab.shown("scan create --type quick --asset "));
		JsonNode assets = JSON.readTree(String.join("\n", shell.sendCommand("asset list -o json --all").lines()));
		assertThat(shown).hasSize(assets.size());
		for (JsonNode a : assets) {
			Candidate c = shown.stream().filter(x -> x.value().equals(a.path("id").asText())).findFirst().orElseThrow();
			assertThat(c.descr()).contains(a.path("name").asText());
		}
		// Prefix-filtered by the provider itself, not only by JLine afterwards.
		List<Candidate> raw = tab.raw("asset show a-101").stream().filter(c -> !c.value().startsWith("-")).toList();
		assertThat(raw).isNotEmpty().allSatisfy(c -> assertThat(c.value()).startsWith("a-101"));
		assertThat(tab.values("use asset a-1003")).containsExactly("a-1003");
		assertThat(tab.values("finding list --asset a-102")).isNotEmpty()
			.allSatisfy(v -> assertThat(v).startsWith("a-102"));
	}

	@Test
	void liveScanIdsWithStatusAndAssetName() throws Exception {
		JsonNode created = JSON.readTree(String.join("\n",
				shell.sendCommand("scan create --asset a-1009 --type dns -o json").lines()));
		String id = created.path("scan_id").asText();
		// Creating a scan refreshes the cache in the background: the new ID shows without waiting for the TTL.
		List<Candidate> shown = eventually(() -> tab.shown("scan show " + id).stream().toList());
		assertThat(shown).extracting(Candidate::value).containsExactly(id);
		assertThat(shown.get(0).descr()).contains("queued").contains("docs.example.org");

		JsonNode scans = JSON.readTree(String.join("\n", shell.sendCommand("scan list -o json --per-page 5").lines()));
		List<Candidate> all = tab.shown("scan status ");
		assertThat(all).extracting(Candidate::value).contains("last");
		for (JsonNode s : scans) {
			Candidate c = all.stream().filter(x -> x.value().equals(s.path("scan_id").asText())).findFirst().orElseThrow();
			assertThat(c.descr()).contains(s.path("status").asText());
		}
		assertThat(tab.values("scan results sc-4400")).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("sc-4400"));
		assertThat(tab.values("finding list --scan sc-4401")).isNotEmpty()
			.allSatisfy(v -> assertThat(v).startsWith("sc-4401"));
		// Only the first positional argument is an ID.
		assertThat(tab.values("scan show " + id + " ")).doesNotContain(id);
	}

	@Test
	void cancellingRefreshesTheCachedStatus() throws Exception {
		String id = JSON.readTree(String.join("\n",
				shell.sendCommand("scan create --asset a-1010 --type ssl -o json").lines())).path("scan_id").asText();
		eventually(() -> tab.shown("scan cancel " + id));
		shell.sendCommand("scan cancel " + id);
		List<Candidate> after = eventually(() -> tab.shown("scan show " + id).stream()
			.filter(c -> c.descr() != null && c.descr().contains("cancelled"))
			.toList());
		assertThat(after).hasSize(1);
	}

}
