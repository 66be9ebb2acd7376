package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.console.ErrorReporter;

/** Every list command in every format, the same rows each time; `--jq` on each; SARIF only where it fits. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class OutputFormatsTest {

	static final ObjectMapper JSON = new ObjectMapper();

	static final YAMLMapper YAML = new YAMLMapper();

	static final CsvMapper CSV = new CsvMapper();

	static String scanWithFindings;

	@Autowired
	ShellTestClient shell;

	@Autowired
	ErrorReporter errors;

	@BeforeAll
	static void aFinishedScan(@Autowired ShellTestClient shell) throws Exception {
		scanWithFindings = JSON.readTree(String.join("\n",
				shell.sendCommand("scan create --asset a-1016 --type full -o json").lines())).path("scan_id").asText();
		ShellTestSupport.CLOCK.advance(Duration.ofMinutes(30));
	}

	String run(String line) throws Exception {
		return String.join("\n", shell.sendCommand(line).lines());
	}

	@ParameterizedTest
	@ValueSource(strings = { "asset list --per-page 7", "scan list --per-page 7", "finding list --per-page 7",
			"scan results SCAN --per-page 7" })
	void everyFormatShowsTheSameRows(String command) throws Exception {
		String line = command.replace("SCAN", scanWithFindings);
		String idField = line.startsWith("scan list") ? "scan_id" : "id";
		JsonNode json = JSON.readTree(run(line + " -o json"));
		assertThat(json.isArray()).isTrue();
		assertThat(json.size()).isBetween(1, 7);
		List<String> ids = new java.util.ArrayList<>();
		json.forEach(row -> ids.add(row.path(idField).asText()));
		assertThat(ids).allSatisfy(id -> assertThat(id).matches("(a|sc|f)-\\d+"));

		List<String> jsonl = run(line + " -o jsonl").lines().toList();
		assertThat(jsonl).hasSize(json.size());
		for (int i = 0; i < jsonl.size(); i++) {
			assertThat(jsonl.get(i)).startsWith("{");
			assertThat(JSON.readTree(jsonl.get(i))).isEqualTo(json.get(i));
		}

		JsonNode yaml = YAML.readTree(run(line + " -o yaml"));
		assertThat(yaml.size()).isEqualTo(json.size());
		assertThat(yaml).isEqualTo(json);

		List<String[]> csv = CSV.readerForArrayOf(String.class)
			.with(CsvParser.Feature.WRAP_AS_ARRAY)
			.<String[]>readValues(run(line + " -o csv"))
			.readAll();
		assertThat(csv).hasSize(json.size() + 1);
		int idColumn = List.of(csv.get(0)).indexOf(idField);
		assertThat(idColumn).isNotNegative();
		assertThat(csv.subList(1, csv.size())).extracting(r -> r[idColumn].strip()).containsExactlyElementsOf(ids);

		String table = run(line);
		assertThat(table.lines().findFirst().orElseThrow()).contains("ID");
		ids.forEach(id -> assertThat(table).contains(id));
		assertThat(table).doesNotContain("\u001b[");

		String jq = run(line + " --jq '.[]." + idField + "'");
		assertThat(jq.lines().toList()).containsExactlyElementsOf(ids.stream().map(id -> "\"" + id + "\"").toList());
		assertThat(run(line + " -o jsonl --jq '." + idField + "'").lines().toList())
			.containsExactlyElementsOf(ids.stream().map(id -> "\"" + id + "\"").toList());
		assertThat(run(line + " -o json --jq 'length'")).isEqualTo(String.valueOf(json.size()));
	}

	@Test
	void singleItemsInEveryFormatThatFits() throws Exception {
		JsonNode scan = JSON.readTree(run("scan show " + scanWithFindings + " -o json"));
		assertThat(scan.path("scan_id").asText()).isEqualTo(scanWithFindings);
		assertThat(YAML.readTree(run("scan show " + scanWithFindings + " -o yaml")).path("scan_id").asText())
			.isEqualTo(scanWithFindings);
		assertThat(run("scan show " + scanWithFindings)).contains(scanWithFindings).contains("Status");
		assertThat(run("scan status " + scanWithFindings + " --jq .status")).isIn("\"completed\"", "\"failed\"");
		String findingId = JSON.readTree(run("scan results " + scanWithFindings + " -o json")).get(0).path("id").asText();
		assertThat(JSON.readTree(run("finding show " + findingId + " -o json")).path("id").asText()).isEqualTo(findingId);
		assertThat(JSON.readTree(run("finding show " + findingId + " -o sarif")).path("version").asText())
			.isEqualTo("2.1.0");
		assertThat(run("asset show a-1016 -o yaml")).contains("a-1016");
	}

	@Test
	void sarifIsOnlyForFindings() {
		assertThat(usageLine("scan list -o sarif")).containsIgnoringCase("sarif").doesNotContain("Unexpected");
		assertThat(usageLine("asset show a-1001 -o sarif")).containsIgnoringCase("sarif");
		assertThat(usageLine("scan list -o xml")).contains("xml").contains("json, jsonl, csv, yaml");
		assertThat(usageLine("scan list --columns nope")).contains("nope");
		assertThat(usageLine("asset list --jq '.['")).contains("jq");
	}

	/** The line and exit code a failing command reports; here every one is the user's to fix (exit 2). */
	String usageLine(String line) {
		try {
			shell.sendCommand(line);
		}
		catch (Exception e) {
			ErrorReporter.Report r = errors.report(e, "scan list");
			assertThat(r.exitCode()).as(line).isEqualTo(2);
			assertThat(r.line()).doesNotContain("\n").doesNotContain("..").endsWith(".");
			return r.line();
		}
		throw new AssertionError("expected `" + line + "` to fail");
	}

}
