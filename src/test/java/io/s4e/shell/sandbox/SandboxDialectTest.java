package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The two documented response styles. */
class SandboxDialectTest {

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private final ManualClock clock = ManualClock.atDocumentationEpoch();

	private SandboxServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private SandboxTestClient start(SandboxDialect dialect) throws Exception {
		server = SandboxServer.start(SandboxTesting.manual(clock).dialect(dialect).build());
		return SandboxTestClient.of(server);
	}

	@Test
	void referenceDialectWrapsInDataAndUsesShortIds() throws Exception {
		SandboxTestClient api = start(SandboxDialect.REFERENCE);
		SandboxTestClient.Reply created = api.createScan("a-1001", "full", "high");
		JsonNode scan = created.body().path("data");
		assertThat(created.body().size()).isEqualTo(1);
		assertThat(scan.path("scan_id").asText()).isEqualTo("sc-44021");
		assertThat(scan.path("asset_id").asText()).isEqualTo("a-1001");
		assertThat(scan.path("asset_name").asText()).isEqualTo("example.com");
		assertThat(scan.path("status").asText()).isEqualTo("queued");
		assertThat(scan.path("priority").asText()).isEqualTo("high");
		assertThat(scan.path("created_at").asText()).isEqualTo("2026-04-28T12:00:00Z");
		assertThat(scan.path("estimated_duration_minutes").isInt()).isTrue();
		assertThat(scan.path("estimated_duration_minutes").asInt()).isEqualTo(1);
		assertThat(scan.has("estimated_duration")).isFalse();
		assertThat(created.header("Location")).isEqualTo("/api/scan/sc-44021");

		clock.advance(Duration.ofSeconds(30));
		JsonNode status = api.get("/api/scan/sc-44021/status").body().path("data");
		assertThat(status.fieldNames()).toIterable()
			.containsExactly("scan_id", "status", "progress", "current_phase", "eta_seconds");
		assertThat(status.path("current_phase").asText()).isEqualTo("web_vulnerability_checks");

		JsonNode list = api.get("/api/scans?per_page=2").body();
		assertThat(list.fieldNames()).toIterable().containsExactly("data", "meta");
		assertThat(list.path("meta").fieldNames()).toIterable()
			.containsExactly("total", "page", "per_page", "total_pages");
		assertThat(list.path("data").get(0).path("scan_id").asText()).isEqualTo("sc-44021");

		JsonNode finding = api.get("/api/scan/sc-44021/results").body().path("data").get(0);
		assertThat(finding.path("id").asText()).matches("f-\\d+");
		assertThat(finding.has("discovered_at")).isTrue();
		assertThat(finding.has("created_at")).isFalse();
		assertThat(api.get("/api/assets?per_page=1&sort_by=name&sort_order=asc").body().path("data").get(0)
			.path("id").asText()).matches("a-10\\d\\d");

		String id = finding.path("id").asText();
		assertThat(api.patch("/api/findings/" + id, "{\"status\":\"accepted_risk\"}").status()).isEqualTo(200);
		SandboxTestClient.Reply guideWord = api.patch("/api/findings/" + id, "{\"status\":\"accepted\"}");
		assertThat(guideWord.status()).isEqualTo(400);
		assertThat(guideWord.error().path("field").asText()).isEqualTo("status");
		assertThat(guideWord.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("open", "confirmed", "resolved", "false_positive", "accepted_risk");
	}

	@Test
	void guideDialectAnswersBareObjectsWithUuidsAndSeconds() throws Exception {
		SandboxTestClient api = start(SandboxDialect.GUIDE);
		JsonNode assets = api.get("/api/assets?per_page=100").body();
		assertThat(assets.fieldNames()).toIterable().containsExactly("data", "meta");
		assertThat(assets.path("meta").path("total").asInt()).isEqualTo(assets.path("data").size());
		for (JsonNode asset : assets.path("data")) {
			assertThat(asset.path("id").asText()).matches(UUID);
		}
		SandboxTestClient.Reply created = api.createScan(SandboxIds.GUIDE_EXAMPLE_UUID, "full", null);
		assertThat(created.status()).isEqualTo(201);
		JsonNode scan = created.body();
		assertThat(scan.has("data")).isFalse();
		assertThat(scan.path("scan_id").asText()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
		assertThat(scan.path("asset_name").asText()).isEqualTo("example.com");
		assertThat(scan.path("estimated_duration").asLong()).isEqualTo(45);
		assertThat(scan.has("estimated_duration_minutes")).isFalse();

		clock.advance(Duration.ofSeconds(30));
		String scanId = scan.path("scan_id").asText();
		JsonNode status = api.get("/api/scan/" + scanId + "/status").body();
		assertThat(status.fieldNames()).toIterable()
			.containsExactly("scan_id", "status", "progress", "phase", "eta_seconds");
		assertThat(status.path("phase").asText()).isEqualTo("web_vulnerability_checks");

		JsonNode scans = api.get("/api/scans").body();
		assertThat(scans.fieldNames()).toIterable().containsExactly("scans", "meta");
		JsonNode results = api.get("/api/scan/" + scanId + "/results").body();
		assertThat(results.fieldNames()).toIterable().containsExactly("findings", "meta");
		JsonNode finding = results.path("findings").get(0);
		assertThat(finding.path("id").asText()).matches(UUID);
		assertThat(finding.has("created_at")).isTrue();
		assertThat(finding.has("discovered_at")).isFalse();

		JsonNode findings = api.get("/api/findings").body();
		assertThat(findings.fieldNames()).toIterable().containsExactly("findings", "meta");
		assertThat(findings.path("meta").path("per_page").asInt()).isEqualTo(25);
		// The guide sorts by severity by default.
		assertThat(findings.path("findings").get(0).path("severity").asText()).isEqualTo("critical");

		JsonNode single = api.get("/api/findings/" + finding.path("id").asText()).body();
		assertThat(single.path("id").asText()).isEqualTo(finding.path("id").asText());
		SandboxTestClient.Reply accepted = api.patch("/api/findings/" + single.path("id").asText(),
				"{\"status\":\"accepted\",\"note\":\"compensating control in place\"}");
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.body().path("status").asText()).isEqualTo("accepted");
		assertThat(accepted.body().path("note").asText()).isEqualTo("compensating control in place");
		SandboxTestClient.Reply referenceWord = api.patch("/api/findings/" + single.path("id").asText(),
				"{\"status\":\"accepted_risk\"}");
		assertThat(referenceWord.status()).isEqualTo(400);
		assertThat(referenceWord.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("open", "resolved", "accepted", "false_positive");

		SandboxTestClient.Reply missing = api.get("/api/scan/nope");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body().path("status").asText()).isEqualTo("error");
		assertThat(missing.error().path("resource").asText()).isEqualTo("scan");
	}

	@Test
	void guideIdsAreDeterministicFromTheSeed() throws Exception {
		SandboxTestClient first = start(SandboxDialect.GUIDE);
		String a = first.get("/api/assets?per_page=100&sort_by=name").raw();
		server.stop();
		SandboxTestClient second = start(SandboxDialect.GUIDE);
		assertThat(second.get("/api/assets?per_page=100&sort_by=name").raw()).isEqualTo(a);
		server.stop();
		server = SandboxServer.start(SandboxTesting.manual(clock).dialect(SandboxDialect.GUIDE).seed(7).build());
		String other = SandboxTestClient.of(server).get("/api/assets?per_page=100&sort_by=name").raw();
		assertThat(other).isNotEqualTo(a);
	}

}
