package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each example of the README's playbook table, as written there, run against the sandbox: the documentation
 * shows only calls that work.
 */
class PlaybookReadmeExamplesTest {

	PlaybookSandbox sandbox;

	@BeforeEach
	void start() {
		sandbox = new PlaybookSandbox();
	}

	@AfterEach
	void stop() {
		sandbox.close();
	}

	Object run(String text) {
		return sandbox.runText("readme.groovy", text, Map.of());
	}

	@Test
	void assetsLazilyAndOne() {
		Object result = run("""
				s4e.assets(type: 'domain', tag: 'production').each { println it.name }
				def a = s4e.asset('a-1001')
				[a.id, a.name]
				""");
		assertThat(result).isEqualTo(List.of("a-1001", "example.com"));
		assertThat(sandbox.out().lines()).isNotEmpty().contains("example.com");
		Object pages = run("s4e.assets().size() == s4e.assets().toList().size() && s4e.assets().size() > 20");
		assertThat(pages).isEqualTo(true);
	}

	@Test
	void aScanItsStatusEndFindingsAndCancel() {
		Object result = run("""
				def a = s4e.asset('a-1001')
				def h = s4e.scan(a, 'full', priority: 'high', options: [max_depth: 5])
				def progress = h.status().progress
				def end = h.await('30m').status
				def high = h.results(severity: ['critical', 'high'])
				def other = s4e.scan('a-1002', 'quick')
				[progress instanceof Integer, end, high.every { it.severity in ['critical', 'high'] }, h.adopted,
				 other.cancel().status]
				""");
		assertThat(result).isEqualTo(List.of(true, "completed", true, false, "cancelled"));
	}

	@Test
	void aScanAlreadyRunningIsAdopted() {
		Object result = run("""
				def first = s4e.scan('a-1001', 'full')
				def h = s4e.scan('a-1001', 'full')
				[h.adopted, h.id == first.id]
				""");
		assertThat(result).isEqualTo(List.of(true, true));
		assertThat(sandbox.err()).contains("warning: a scan was already");
	}

	@Test
	void batchesAndTheirWaitAndAnExistingScan() {
		Object result = run("""
				def assets = s4e.assets(status: 'active').take(4)
				def batch = s4e.scanAll(assets, 'quick', concurrency: 5)
				def done = s4e.awaitAll(batch, timeout: '1h')
				def again = s4e.handle(session.lastScan).await()
				[batch.created, batch.adopted, batch.failures, batch.throttled, done.size(), done.every { it.terminal },
				 again.terminal]
				""");
		assertThat(result).isEqualTo(List.of(4, 0, List.of(), 0, 4, true, true));
		assertThat(sandbox.err()).contains("scanAll quick: 4 created").contains("awaitAll: ");
	}

	@Test
	void scansAndFindingsWithTheDocumentedFilters() {
		Object result = run("""
				def h = s4e.scan('a-1001', 'quick')
				h.await()
				def scans = s4e.scans(status: 'completed', asset: 'a-1001')
				def typed = s4e.scans(type: 'full', from: '2026-01-01T00:00:00Z', to: '2026-12-31T23:59:59Z')
				def high = s4e.findings(severity: s4e.atLeast('high'), status: 'open', scan: h.id)
				def severe = s4e.findings(cvss_min: 7.0, cvss_max: 10, sort_by: 'cvss', sort_order: 'desc')
				def onAsset = s4e.findings(asset: 'a-1001', severity: 'critical')
				[scans.every { it.status == 'completed' && it.assetId == 'a-1001' }, scans*.id.contains(h.id),
				 typed.size() > 0 && typed.every { it.scanType == 'full' },
				 high.every { it.severity in ['critical', 'high'] && it.status == 'open' && it.scanId == h.id },
				 severe.size() > 0 && severe.every { it.cvss >= 7.0 } && severe*.cvss == severe*.cvss.sort(false).reverse(),
				 onAsset.every { it.asset.id == 'a-1001' && it.severity == 'critical' }]
				""");
		assertThat(result).isEqualTo(List.of(true, true, true, true, true, true));
	}

	@Test
	void plainGroovyCollectionsAndTriage() {
		Object result = run("""
				def byAsset = s4e.findings().groupBy { it.asset.name }
				def high = s4e.findings().findAll { it.cvss > 7 }
				def ranked = s4e.findings().sort { Severity.rank(it.severity) }
				def findings = s4e.findings(status: 'open', severity: 'low').take(1)
				def triaged = s4e.triage(findings, 'false_positive', note: 'WAF blocks it')
				[byAsset.size() > 1, high.every { it.cvss > 7 }, ranked.first().severity, triaged*.status,
				 triaged*.note]
				""");
		assertThat(result).isEqualTo(List.of(true, true, "critical", List.of("false_positive"),
				List.of("WAF blocks it")));
	}

	@Test
	void exportsToEveryFormatAndTables() throws Exception {
		run("""
				def findings = s4e.findings(severity: 'critical')
				export(findings, 'out.sarif')
				export(findings, 'out.csv')
				export(findings, 'out.json')
				export(findings, 'out.md')
				def rows = s4e.findings(severity: 'high')
				export(rows, 'x.csv', columns: 'id,title')
				table(findings, columns: ['id', 'severity', 'title'])
				table([[name: 'a', count: 1], [name: 'b', count: 22]])
				""");
		ObjectMapper json = new ObjectMapper();
		JsonNode sarif = json.readTree(sandbox.home.resolve("out.sarif").toFile());
		assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
		int critical = sarif.at("/runs/0/results").size();
		assertThat(critical).isPositive();
		assertThat(json.readTree(sandbox.home.resolve("out.json").toFile()).size()).isEqualTo(critical);
		assertThat(Files.readAllLines(sandbox.home.resolve("out.csv"))).hasSize(critical + 1);
		assertThat(Files.readAllLines(sandbox.home.resolve("out.md")).get(0)).startsWith("| ID | SEVERITY |");
		assertThat(Files.readAllLines(sandbox.home.resolve("x.csv")).get(0)).isEqualTo("id,title");
		List<String> out = sandbox.out().lines().toList();
		assertThat(out.get(0)).matches("ID +SEVERITY +TITLE");
		assertThat(out).hasSize(critical + 1 + 3);
		assertThat(out.get(critical + 1)).matches("NAME +COUNT");
		assertThat(out.get(critical + 3)).matches("b +22");
	}

	@Test
	void argsSessionLogFailAndExit() {
		Object result = sandbox.runText("readme.groovy", """
				session.use('a-1001')
				log 'text'
				log.warn 'text'
				[args.tag, args.require('asset'), args.integer('last', 5), args.list('severity'), args.flag('strict'),
				 session.currentAsset, session.filters instanceof Map, session.recentScans, session.lastScan]
				""", Map.of("tag", "production", "asset", "a-1003", "severity", "critical,high", "strict", "true"));
		assertThat(result).isEqualTo(java.util.Arrays.asList("production", "a-1003", 5, List.of("critical", "high"),
				true, "a-1001", true, List.of(), null));
		assertThat(sandbox.err()).isEqualTo("text\nwarning: text\n");
		PlaybookException.Failed failed = catchThrowableOfType(PlaybookException.Failed.class,
				() -> run("fail \"3 high findings\""));
		assertThat(failed.exitCode()).isEqualTo(1);
		PlaybookException.Exited exited = catchThrowableOfType(PlaybookException.Exited.class, () -> run("exit 5"));
		assertThat(exited.exitCode()).isEqualTo(5);
	}

}
