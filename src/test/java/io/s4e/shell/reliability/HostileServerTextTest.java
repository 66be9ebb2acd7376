package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.output.RenderOptions;
import io.s4e.shell.output.Renderer;

/**
 * Finding text from a hostile server (escape sequences, OSC 8 hyperlinks, OSC 52 clipboard writes, carriage
 * returns, bidi overrides, spreadsheet formulas) is neutralised in tables and CSV and kept byte-exact in JSON:
 * through the renderers directly, and end to end from a WireMock server through the shell's commands.
 */
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ReliabilityShell.Beans.class)
class HostileServerTextTest {

	static final ObjectMapper JSON = new ObjectMapper();

	static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

	@Autowired
	S4eShellRunner runner;

	/** Every hostile title paired with a description that mixes them, plus every formula as a title. */
	static List<Finding> hostileFindings() {
		List<Finding> out = new ArrayList<>();
		int n = 0;
		for (String title : HostileText.TITLES) {
			out.add(finding("f-t" + (n++), title, String.join("\n", HostileText.TITLES)));
		}
		for (String formula : HostileText.FORMULAS) {
			out.add(finding("f-c" + (n++), formula, formula));
		}
		return out;
	}

	static Finding finding(String id, String title, String description) {
		return new Finding(id, title, "high", 7.5, null, "CWE-79", "open", "web", new AssetRef("a-1", title, "domain"),
				"sc-1", description, "=1+1 " + title, List.of("https://example.com/" + id), null,
				"2026-01-01T00:00:00Z", null, Map.of());
	}

	// ---- through the renderers

	@Test
	void tablesShowTheTextButNoControlReachesTheTerminal() {
		Renderer renderer = new Renderer();
		for (boolean colour : new boolean[] { true, false }) {
			RenderOptions options = RenderOptions.defaults().withTerminalWidth(200).withColor(colour)
				.withColumns("id,title,asset_name,description");
			String table = render(w -> renderer.render(hostileFindings().iterator(), Finding.class, OutputFormat.TABLE,
					options, w));
			assertTerminalSafe(table);
			assertThat(table).contains("RED", "LINK", "CLIPBOARD", "OVERWRITE", "CLEAR", "TITLE", "C1", "BIDI");
			for (Finding f : hostileFindings()) {
				String detail = render(w -> renderer.renderOne(f, OutputFormat.TABLE,
						RenderOptions.defaults().withTerminalWidth(100).withColor(colour), w));
				assertTerminalSafe(detail);
			}
		}
	}

	@Test
	void csvCellsAreNeitherFormulasNorControls() throws Exception {
		Renderer renderer = new Renderer();
		String csv = render(w -> renderer.render(hostileFindings().iterator(), Finding.class, OutputFormat.CSV,
				RenderOptions.defaults().withColumns("id,title,asset_name,description,remediation"), w));
		assertCsvSafe(csv, hostileFindings().size());
	}

	@Test
	void jsonKeepsEveryByteOfTheServersText() throws Exception {
		Renderer renderer = new Renderer();
		List<Finding> findings = hostileFindings();
		String json = render(w -> renderer.render(findings.iterator(), Finding.class, OutputFormat.JSON,
				RenderOptions.defaults(), w));
		assertJsonExact(json, findings);
		String jsonl = render(w -> renderer.render(findings.iterator(), Finding.class, OutputFormat.JSONL,
				RenderOptions.defaults(), w));
		List<String> lines = jsonl.lines().toList();
		assertThat(lines).hasSize(findings.size());
		for (int i = 0; i < lines.size(); i++) {
			assertThat(JSON.readTree(lines.get(i)).path("title").asText()).isEqualTo(findings.get(i).title());
		}
	}

	// ---- end to end: a WireMock server sends the findings, the shell's commands print them

	@BeforeEach
	void serveHostileFindings() throws Exception {
		ReliabilityShell.WIREMOCK.resetAll();
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(ReliabilityShell.wireMockUrl(), "s4e_test_hostile_0001"));
		List<Map<String, Object>> wire = new ArrayList<>();
		for (Finding f : hostileFindings()) {
			wire.add(Map.of("id", f.id(), "title", f.title(), "severity", "high", "status", "open", "cvss", 7.5,
					"description", f.description(), "remediation", f.remediation(), "scan_id", "sc-1",
					"asset", Map.of("id", "a-1", "name", f.title(), "type", "domain")));
		}
		String list = JSON.writeValueAsString(Map.of("data", wire,
				"meta", Map.of("total", wire.size(), "page", 1, "per_page", 100, "total_pages", 1)));
		ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/findings")).willReturn(okJson(list)));
		ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/scan/sc-1/results")).willReturn(okJson(list)));
		for (Map<String, Object> f : wire) {
			ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/findings/" + f.get("id")))
				.willReturn(okJson(JSON.writeValueAsString(Map.of("data", f)))));
		}
	}

	@Test
	void shellCommandsNeutraliseWhatTheServerSent() throws Exception {
		List<Finding> findings = hostileFindings();

		ReliabilityShell.Run table = ReliabilityShell.run(runner,
				"finding list --columns id,title,asset_name,description");
		assertThat(table.exitCode()).as(table.err()).isZero();
		assertTerminalSafe(table.out());
		assertThat(table.out()).contains("RED", "CLIPBOARD", "OVERWRITE", "f-t0");

		for (Finding f : findings) {
			ReliabilityShell.Run show = ReliabilityShell.run(runner, "finding show " + f.id());
			assertThat(show.exitCode()).as(show.err()).isZero();
			assertTerminalSafe(show.out());
			assertThat(show.out()).contains(f.id());
		}

		ReliabilityShell.Run csv = ReliabilityShell.run(runner,
				"scan results sc-1 -o csv --columns id,title,asset_name,description,remediation");
		assertThat(csv.exitCode()).as(csv.err()).isZero();
		assertCsvSafe(csv.out(), findings.size());

		ReliabilityShell.Run json = ReliabilityShell.run(runner, "finding list -o json");
		assertThat(json.exitCode()).as(json.err()).isZero();
		assertJsonExact(json.out(), findings);

		ReliabilityShell.Run one = ReliabilityShell.run(runner, "finding show f-t1 -o json");
		assertThat(JSON.readTree(one.out()).path("title").asText()).isEqualTo(findings.get(1).title());
	}

	// ---- checks

	static void assertTerminalSafe(String text) {
		String visible = HostileText.withoutSgr(text);
		assertThat(visible).doesNotContainPattern(HostileText.TERMINAL_CONTROL);
		assertThat(visible).doesNotContain("evil.example").doesNotContain("Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==")
			.doesNotContain("\u202e");
	}

	static void assertCsvSafe(String csv, int rows) throws Exception {
		assertThat(csv).doesNotContain(HostileText.ESC).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]");
		List<List<String>> records = new ArrayList<>();
		try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).readValues(csv)) {
			it.forEachRemaining(records::add);
		}
		assertThat(records).hasSize(rows + 1);
		for (List<String> record : records.subList(1, records.size())) {
			for (String cell : record) {
				String trimmed = cell.stripLeading();
				assertThat(trimmed).as("CSV cell %s", cell).doesNotStartWith("=").doesNotStartWith("+")
					.doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
			}
		}
		assertThat(csv).contains("'=cmd|' /C calc'!A0").contains("'@SUM(1+1)");
	}

	static void assertJsonExact(String json, List<Finding> findings) throws Exception {
		assertThat(json).doesNotContain(HostileText.ESC).doesNotContain("\u0007").doesNotContain("\r");
		JsonNode array = JSON.readTree(json);
		assertThat(array.size()).isEqualTo(findings.size());
		for (int i = 0; i < findings.size(); i++) {
			assertThat(array.get(i).path("title").asText()).isEqualTo(findings.get(i).title());
			assertThat(array.get(i).path("description").asText()).isEqualTo(findings.get(i).description());
		}
	}

	private static String render(java.util.function.Consumer<StringWriter> action) {
		StringWriter w = new StringWriter();
		action.accept(w);
		return w.toString();
	}

}
