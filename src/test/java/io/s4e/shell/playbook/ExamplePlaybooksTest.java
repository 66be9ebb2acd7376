package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.session.SessionState;

/** Each playbook of scripts/playbooks, run against a fresh seeded sandbox, with what it prints asserted. */
class ExamplePlaybooksTest {

	static final ObjectMapper JSON = new ObjectMapper();

	PlaybookSandbox sandbox;

	@BeforeEach
	void start() {
		sandbox = new PlaybookSandbox();
	}

	@AfterEach
	void stop() {
		sandbox.close();
	}

	@Test
	void batchScanScansEveryTaggedAssetAndSummarises() {
		sandbox.runExample("batch-scan.groovy", Map.of("tag", "production", "type", "quick"));
		String out = sandbox.out();
		assertThat(out.lines().findFirst().orElseThrow()).matches("SCAN +ASSET +STATUS +CRITICAL +HIGH +MEDIUM +TOTAL");
		assertThat(out).contains("15 of 16 scans completed (16 created, 0 already running)");
		assertThat(out.lines().filter(l -> l.contains("legacy.example.net"))).singleElement()
			.satisfies(l -> assertThat(l).contains("failed"));
		assertThat(out.lines().filter(l -> l.matches("sc-\\d+ .* completed .*"))).hasSize(15);
		assertThat(sandbox.err()).contains("Scanning 16 assets tagged 'production' (quick)")
			.contains("scanAll quick: 16 created, 0 adopted (already running)")
			.contains("awaitAll: 15 completed, 1 failed")
			.containsPattern("warning: sc-\\d+ on legacy.example.net ended failed: Target unreachable");
		assertThat(sandbox.session.state().recentScans()).hasSize(16)
			.extracting(SessionState.RecentScan::origin)
			.containsOnly("playbook:batch-scan");
	}

	@Test
	void batchScanStrictFailsWhenAScanFailed() {
		PlaybookException.Failed e = catchThrowableOfType(PlaybookException.Failed.class,
				() -> sandbox.runExample("batch-scan.groovy", Map.of("tag", "production", "strict", "true")));
		assertThat(e.getMessage()).isEqualTo("batch-scan.groovy:40: 1 scan(s) did not complete");
		assertThat(e.exitCode()).isEqualTo(1);
	}

	@Test
	void ciGateTripsOnHighFindingsAndWritesSarif() throws Exception {
		PlaybookException.Failed e = catchThrowableOfType(PlaybookException.Failed.class,
				() -> sandbox.runExample("ci-gate.groovy", Map.of("asset", "a-1001", "sarif", "gate.sarif")));
		assertThat(e.getMessage()).matches("ci-gate\\.groovy:24: 4 finding\\(s\\) at or above high on example\\.com "
				+ "\\(scan sc-\\d+\\)");
		assertThat(e.exitCode()).isEqualTo(1);
		assertThat(sandbox.out().lines()).hasSize(5)
			.first()
			.satisfies(l -> assertThat(l).matches("ID +SEVERITY +CVSS +TITLE"));
		assertThat(sandbox.out()).contains("Exposed .git Directory");
		JsonNode sarif = JSON.readTree(sandbox.home.resolve("gate.sarif").toFile());
		assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
		assertThat(sarif.at("/runs/0/results").size()).isGreaterThanOrEqualTo(4);
		assertThat(sandbox.session.state().recentScans()).singleElement()
			.satisfies(r -> assertThat(r.origin()).isEqualTo("playbook:ci-gate"));
	}

	@Test
	void ciGatePassesBelowTheThreshold() {
		sandbox.runExample("ci-gate.groovy", Map.of("asset", "a-1001", "fail_on", "critical"));
		assertThat(sandbox.out()).matches("Gate passed: nothing at or above critical on example\\.com \\(scan sc-\\d+\\)\n");
	}

	@Test
	void gateFailsOnOpenFindingsWithoutScanning() {
		PlaybookException.Failed e = catchThrowableOfType(PlaybookException.Failed.class,
				() -> sandbox.runExample("gate.groovy", Map.of("assets", "a-1001,a-1003")));
		assertThat(e.getMessage()).isEqualTo("gate.groovy:18: 2 open finding(s) at or above high on 1 asset(s)");
		assertThat(sandbox.out()).isEqualTo("""
				ASSET   FINDINGS  WORST
				a-1003         2  high
				""");
		assertThat(sandbox.session.state().recentScans()).isEmpty();
		sandbox.clearOutput();
		sandbox.runExample("gate.groovy", Map.of("assets", "a-1001", "fail_on", "critical"));
		assertThat(sandbox.out()).isEqualTo("No open finding at or above critical on a-1001\n");
	}

	@Test
	void triageGroupsByAssetExportsAndMarksFalsePositivesByRule() throws Exception {
		sandbox.runExample("triage.groovy", Map.of("last", "5", "false_positive", "Remote Desktop Exposed (3389/tcp)",
				"note", "Jump host, by design"));
		assertThat(sandbox.err()).isEqualTo(
				"Marked 1 finding(s) false positive by rule: Remote Desktop Exposed (3389/tcp)\n");
		assertThat(sandbox.out()).isEqualTo("""
				ASSET                        CRITICAL  HIGH  TOP
				http://intranet.example.com         0     3  Server-Side Request Forgery in /image-proxy
				vpn.example.com                     0     1  XML External Entity Injection in SOAP endpoint
				4 open critical/high finding(s) across 5 scan(s): triage.sarif, triage.csv
				""");
		assertThat(sandbox.eval("s4e.findings(status: 'false_positive').findAll { it.note == 'Jump host, by design' }*.title"))
			.isEqualTo(java.util.List.of("Remote Desktop Exposed (3389/tcp)"));
		JsonNode sarif = JSON.readTree(sandbox.home.resolve("triage.sarif").toFile());
		assertThat(sarif.at("/runs/0/results").size()).isEqualTo(4);
		assertThat(Files.readAllLines(sandbox.home.resolve("triage.csv"))).hasSize(5)
			.first()
			.satisfies(h -> assertThat(h).startsWith("id,"));
	}

	@Test
	void diffListsNewAndFixedFindingsBetweenTheLastTwoScans() {
		Object counts = sandbox.runExample("diff.groovy", Map.of("asset", "a-1001"));
		assertThat(counts).isEqualTo(Map.of("added", 0, "fixed", 4, "unchanged", 2));
		assertThat(sandbox.out()).startsWith("example.com: sc-43997 (2026-03-20T12:00:00Z) -> sc-44009 (2026-04-06T20:00:00Z)\n")
			.contains("New (0):\n(no results)\nFixed (4):\n")
			.contains("high      OpenSSL Heartbleed Memory Disclosure (CVE-2014-0160)");
		PlaybookException.Failed e = catchThrowableOfType(PlaybookException.Failed.class,
				() -> sandbox.runExample("diff.groovy", Map.of("asset", "a-1011")));
		assertThat(e.getMessage()).contains("a diff needs two");
	}

	@Test
	void exportWritesEveryFormat() throws Exception {
		sandbox.runExample("export.groovy", Map.of("severity", "critical,high", "out", "crit"));
		assertThat(sandbox.out()).isEqualTo("Exported 17 finding(s) to crit.sarif, crit.csv, crit.json, crit.md\n");
		assertThat(sandbox.err()).isEqualTo("critical: 2\nhigh: 15\n");
		Path dir = sandbox.home;
		assertThat(JSON.readTree(dir.resolve("crit.json").toFile()).size()).isEqualTo(17);
		assertThat(JSON.readTree(dir.resolve("crit.sarif").toFile()).at("/runs/0/results").size()).isEqualTo(17);
		assertThat(Files.readAllLines(dir.resolve("crit.csv"))).hasSize(18);
		assertThat(Files.readAllLines(dir.resolve("crit.md"))).hasSize(19)
			.first()
			.satisfies(h -> assertThat(h).startsWith("| ID | SEVERITY |"));
		assertThat(Files.readAllLines(dir.resolve("crit.md")).get(2)).contains("| critical |");
	}

}
