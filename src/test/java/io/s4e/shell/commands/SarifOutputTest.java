package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.s4e.shell.S4eShellApplication;

/**
 * `scan results -o sarif` and `finding list -o sarif` validate against the OASIS SARIF 2.1.0 schema (committed
 * under src/test/resources/schemas), and every rule carries the code-scanning {@code security-severity}.
 */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class SarifOutputTest {

	static final ObjectMapper JSON = new ObjectMapper();

	static JsonSchema schema;

	@Autowired
	ShellTestClient shell;

	@BeforeAll
	static void loadSchema() throws Exception {
		try (InputStream in = SarifOutputTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
			SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
			schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
		}
	}

	JsonNode run(String line) throws Exception {
		return JSON.readTree(String.join("\n", shell.sendCommand(line).lines()));
	}

	@Test
	void scanResultsValidate() throws Exception {
		String id = run("scan create --asset a-1002 --type full -o json").path("scan_id").asText();
		ShellTestSupport.CLOCK.advance(Duration.ofMinutes(30));
		JsonNode sarif = run("scan results " + id + " --all -o sarif");
		assertValid(sarif);
		JsonNode findings = run("scan results " + id + " --all -o json");
		assertThat(findings.size()).isPositive();
		assertThat(sarif.path("runs").get(0).path("results").size()).isEqualTo(findings.size());
		assertSecuritySeverity(sarif, findings);
	}

	@Test
	void findingListValidates() throws Exception {
		JsonNode sarif = run("finding list --per-page 100 -o sarif");
		assertValid(sarif);
		JsonNode findings = run("finding list --per-page 100 -o json");
		assertThat(findings.size()).isGreaterThan(10);
		assertSecuritySeverity(sarif, findings);
		// An empty result set is still a valid log.
		assertValid(run("finding list --search no-such-finding-anywhere -o sarif"));
	}

	@Test
	void theSchemaCatchesWhatIsWrong() throws Exception {
		ObjectNode broken = (ObjectNode) run("finding list --per-page 5 -o sarif");
		broken.put("version", "2.0.0");
		((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "severe");
		Set<ValidationMessage> errors = schema.validate(broken);
		assertThat(errors).extracting(ValidationMessage::getInstanceLocation)
			.map(Object::toString)
			.anySatisfy(l -> assertThat(l).contains("version"))
			.anySatisfy(l -> assertThat(l).contains("level"));
	}

	static void assertValid(JsonNode sarif) {
		assertThat(schema.validate(sarif)).as("SARIF schema violations").isEmpty();
		assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
	}

	/**
	 * Each rule's security-severity is a score from 0.0 to 10.0 that is the highest CVSS of its findings, or the
	 * lower bound of the severity band when they have none; each result points at a rule that exists.
	 */
	static void assertSecuritySeverity(JsonNode sarif, JsonNode findings) {
		Map<String, JsonNode> byId = new HashMap<>();
		findings.forEach(f -> byId.put(f.path("id").asText(), f));
		JsonNode run = sarif.path("runs").get(0);
		JsonNode rules = run.path("tool").path("driver").path("rules");
		assertThat(rules.size()).isPositive();
		Map<String, Double> maxCvss = new HashMap<>();
		for (JsonNode result : run.path("results")) {
			JsonNode rule = rules.get(result.path("ruleIndex").asInt());
			assertThat(rule.path("id").asText()).isEqualTo(result.path("ruleId").asText());
			JsonNode finding = byId.get(result.path("properties").path("finding_id").asText());
			assertThat(finding).as("result %s has a finding", result).isNotNull();
			if (finding.hasNonNull("cvss")) {
				maxCvss.merge(rule.path("id").asText(), finding.path("cvss").asDouble(), Math::max);
			}
		}
		for (JsonNode rule : rules) {
			String score = rule.path("properties").path("security-severity").asText();
			assertThat(score).as("security-severity of %s", rule.path("id").asText()).matches("\\d{1,2}\\.\\d");
			double value = Double.parseDouble(score);
			assertThat(value).isBetween(0.0, 10.0);
			Double cvss = maxCvss.get(rule.path("id").asText());
			if (cvss != null) {
				assertThat(value).isEqualTo(cvss, org.assertj.core.data.Offset.offset(0.05));
			}
		}
	}

}
