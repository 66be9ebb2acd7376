package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The scan lifecycle, driven by a manual clock: queue, phases, progress, findings, cancel, failure, conflicts. */
class SandboxLifecycleTest {

	private final ManualClock clock = ManualClock.atDocumentationEpoch();

	private final List<SandboxServer> servers = new ArrayList<>();

	@AfterEach
	void stop() {
		servers.forEach(SandboxServer::stop);
	}

	private SandboxTestClient start(SandboxConfig.Builder config) throws Exception {
		SandboxServer server = SandboxServer.start(config.build());
		servers.add(server);
		return SandboxTestClient.of(server);
	}

	private JsonNode status(SandboxTestClient api, String scanId) {
		SandboxTestClient.Reply reply = api.get("/api/scan/" + scanId + "/status");
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return reply.body().path("data");
	}

	private String create(SandboxTestClient api, String assetId, String type, String priority) {
		SandboxTestClient.Reply reply = api.createScan(assetId, type, priority);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		return reply.body().path("data").path("scan_id").asText();
	}

	@Test
	void queueStartsHighBeforeNormalBeforeLowAndFifoWithinAPriority() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).concurrencyLimit(1));
		String normalFirst = create(api, "a-1002", "quick", "normal");
		String low = create(api, "a-1003", "quick", "low");
		String high = create(api, "a-1004", "quick", "high");
		String normalSecond = create(api, "a-1006", "quick", null);

		for (String id : List.of(normalFirst, low, high, normalSecond)) {
			assertThat(status(api, id).path("status").asText()).isEqualTo("queued");
		}
		clock.advance(Duration.ofSeconds(2));
		assertThat(status(api, high).path("status").asText()).isEqualTo("running");
		assertThat(status(api, normalFirst).path("status").asText()).isEqualTo("queued");
		assertThat(api.get("/api/scans?status=running").body().path("meta").path("total").asInt()).isEqualTo(1);

		// Four quick scans of 15 s each, one at a time.
		clock.advance(Duration.ofSeconds(70));
		List<JsonNode> finished = new ArrayList<>();
		for (String id : List.of(normalFirst, low, high, normalSecond)) {
			JsonNode scan = api.get("/api/scan/" + id).body().path("data");
			assertThat(scan.path("status").asText()).isEqualTo("completed");
			finished.add(scan);
		}
		finished.sort(Comparator.comparing(s -> s.path("started_at").asText()));
		assertThat(finished).extracting(s -> s.path("scan_id").asText())
			.containsExactly(high, normalFirst, normalSecond, low);
		// Each started exactly when the previous one finished.
		assertThat(finished.get(0).path("started_at").asText()).isEqualTo("2026-04-28T12:00:02Z");
		assertThat(finished.get(1).path("started_at").asText()).isEqualTo("2026-04-28T12:00:17Z");
		assertThat(finished.get(3).path("completed_at").asText()).isEqualTo("2026-04-28T12:01:02Z");
	}

	@Test
	void fullScanMovesThroughItsPhasesWithSmoothProgressAndProgressiveFindings() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		String id = create(api, "a-1001", "full", "high");
		JsonNode queued = status(api, id);
		assertThat(queued.path("progress").asInt()).isZero();
		assertThat(queued.path("current_phase").isNull()).isTrue();
		assertThat(queued.path("eta_seconds").asLong()).isEqualTo(47);

		clock.advance(Duration.ofSeconds(2));
		List<String> phases = new ArrayList<>();
		List<Integer> progress = new ArrayList<>();
		List<Long> etas = new ArrayList<>();
		List<Integer> findingCounts = new ArrayList<>();
		for (int second = 0; second < 45; second++) {
			JsonNode s = status(api, id);
			assertThat(s.path("status").asText()).isEqualTo("running");
			String phase = s.path("current_phase").asText();
			if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
				phases.add(phase);
			}
			progress.add(s.path("progress").asInt());
			etas.add(s.path("eta_seconds").asLong());
			findingCounts.add(api.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt());
			clock.advance(Duration.ofSeconds(1));
		}
		assertThat(phases).containsExactly("discovery", "port_scan", "service_detection", "web_vulnerability_checks",
				"ssl_checks", "reporting");
		assertThat(progress).isSorted().startsWith(0).contains(44, 51);
		assertThat(progress.get(44)).isEqualTo(97);
		assertThat(etas.get(0)).isEqualTo(45);
		assertThat(etas.get(44)).isEqualTo(1);
		for (int i = 1; i < etas.size(); i++) {
			assertThat(etas.get(i)).isEqualTo(etas.get(i - 1) - 1);
		}
		assertThat(findingCounts).isSorted();

		JsonNode done = api.get("/api/scan/" + id).body().path("data");
		assertThat(done.path("status").asText()).isEqualTo("completed");
		assertThat(done.path("progress").asInt()).isEqualTo(100);
		assertThat(done.path("eta_seconds").asLong()).isZero();
		assertThat(done.path("duration_seconds").asLong()).isEqualTo(45);
		assertThat(done.path("current_phase").isNull()).isTrue();
		int total = api.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt();
		assertThat(total).isBetween(6, 12);
		assertThat(findingCounts.get(4)).as("found during the first 5 s").isLessThan(total);
		JsonNode summary = done.path("finding_summary");
		int sum = 0;
		for (String severity : SandboxJson.SEVERITIES) {
			sum += summary.path(severity).asInt();
		}
		assertThat(sum).isEqualTo(total);
		// Findings are numbered in discovery order from the documented first ID.
		JsonNode first = api.get("/api/findings?scan_id=" + id + "&sort_by=discovered_at&sort_order=asc&per_page=1")
			.body()
			.path("data")
			.get(0);
		assertThat(first.path("id").asText()).isEqualTo("f-91827");
	}

	@Test
	void cancellingARunningScanKeepsItsPartialFindings() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		ManualClock twinClock = new ManualClock(clock.instant());
		SandboxTestClient twin = start(SandboxTesting.manual(twinClock));
		String id = create(api, "a-1001", "full", null);
		String twinId = create(twin, "a-1001", "full", null);
		assertThat(twinId).isEqualTo(id);

		clock.advance(Duration.ofSeconds(2 + 27));
		int before = api.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt();
		SandboxTestClient.Reply cancel = api.post("/api/scan/" + id + "/cancel", null);
		assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
		assertThat(cancel.body().path("data").path("status").asText()).isEqualTo("cancelled");
		assertThat(cancel.body().path("data").path("message").asText()).isEqualTo("Scan cancelled by user.");

		clock.advance(Duration.ofMinutes(5));
		JsonNode scan = api.get("/api/scan/" + id).body().path("data");
		assertThat(scan.path("status").asText()).isEqualTo("cancelled");
		assertThat(scan.path("progress").asInt()).isEqualTo(60);
		assertThat(scan.path("current_phase").asText()).isEqualTo("web_vulnerability_checks");
		assertThat(scan.path("completed_at").asText()).isEqualTo("2026-04-28T12:00:29Z");
		int after = api.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt();
		twinClock.set(clock.instant());
		int uncancelled = twin.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt();
		assertThat(after).isEqualTo(before).isPositive().isLessThan(uncancelled);

		SandboxTestClient.Reply again = api.post("/api/scan/" + id + "/cancel", null);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.error().path("code").asText()).isEqualTo("scan_not_cancellable");
		assertThat(again.error().path("scan_id").asText()).isEqualTo(id);
		// The asset is free again.
		assertThat(api.createScan("a-1001", "quick", null).status()).isEqualTo(201);
	}

	@Test
	void cancellingAQueuedScanFreesTheAssetAndNeverRunsIt() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		String id = create(api, "a-1002", "ssl", null);
		SandboxTestClient.Reply cancel = api.post("/api/scan/" + id + "/cancel", null);
		assertThat(cancel.status()).isEqualTo(200);
		clock.advance(Duration.ofMinutes(2));
		JsonNode scan = api.get("/api/scan/" + id).body().path("data");
		assertThat(scan.path("status").asText()).isEqualTo("cancelled");
		assertThat(scan.path("started_at").isNull()).isTrue();
		assertThat(scan.path("progress").asInt()).isZero();
		assertThat(api.get("/api/scan/" + id + "/results").body().path("meta").path("total").asInt()).isZero();
	}

	@Test
	void unreachableAssetFailsDuringDiscoveryWithAnError() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		String id = create(api, "a-1010", "full", null);
		clock.advance(Duration.ofSeconds(2 + 4));
		assertThat(status(api, id).path("status").asText()).isEqualTo("running");
		clock.advance(Duration.ofSeconds(1));
		JsonNode scan = api.get("/api/scan/" + id).body().path("data");
		assertThat(scan.path("status").asText()).isEqualTo("failed");
		assertThat(scan.path("error").asText()).contains("unreachable").contains("legacy.example.net");
		assertThat(scan.path("current_phase").asText()).isEqualTo("discovery");
		assertThat(scan.path("progress").asInt()).isEqualTo(10);
		assertThat(scan.path("completed_at").asText()).isEqualTo("2026-04-28T12:00:06Z");
		assertThat(status(api, id).path("error").asText()).isEqualTo(scan.path("error").asText());
		assertThat(api.get("/api/scan/" + id + "/results").body().path("data").size()).isZero();
		// The IP asset marked unreachable fails too.
		String ip = create(api, "a-1021", "port", null);
		clock.advance(Duration.ofMinutes(1));
		assertThat(status(api, ip).path("status").asText()).isEqualTo("failed");
	}

	@Test
	void aSecondScanOnABusyAssetIsAConflictNamingTheActiveScan() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		String id = create(api, "a-1001", "full", null);
		SandboxTestClient.Reply conflict = api.createScan("a-1001", "quick", "high");
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.error().path("code").asText()).isEqualTo("scan_in_progress");
		assertThat(conflict.error().path("scan_id").asText()).isEqualTo(id);
		assertThat(conflict.body().path("scan_id").asText()).isEqualTo(id);
		clock.advance(Duration.ofSeconds(10));
		assertThat(api.createScan("a-1001", "quick", null).status()).isEqualTo(409);
		clock.advance(Duration.ofSeconds(40));
		assertThat(api.createScan("a-1001", "quick", null).status()).isEqualTo(201);
	}

	@Test
	void createValidatesEveryFieldAndNamesIt() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		SandboxTestClient.Reply missing = api.post("/api/scan/create", "{\"scan_type\":\"full\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.error().path("code").asText()).isEqualTo("invalid_request");
		assertThat(missing.error().path("field").asText()).isEqualTo("asset_id");

		SandboxTestClient.Reply badType = api.createScan("a-1001", "deep", null);
		assertThat(badType.status()).isEqualTo(400);
		assertThat(badType.error().path("field").asText()).isEqualTo("scan_type");
		assertThat(badType.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("full", "quick", "custom", "api_discovery", "ssl", "dns", "port", "web_app", "network",
					"api");

		SandboxTestClient.Reply badPriority = api.createScan("a-1001", "full", "urgent");
		assertThat(badPriority.error().path("field").asText()).isEqualTo("priority");
		assertThat(badPriority.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("low", "normal", "high");

		SandboxTestClient.Reply unknown = api.createScan("a-9999", "full", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.error().path("code").asText()).isEqualTo("not_found");
		assertThat(unknown.error().path("resource").asText()).isEqualTo("asset");
		assertThat(unknown.error().path("id").asText()).isEqualTo("a-9999");

		SandboxTestClient.Reply external = api.post("/api/scan/create",
				"{\"asset_id\":\"a-1001\",\"scan_type\":\"full\",\"callback_url\":\"https://hooks.example.com/s4e\"}");
		assertThat(external.status()).isEqualTo(400);
		assertThat(external.error().path("field").asText()).isEqualTo("callback_url");

		SandboxTestClient.Reply badJson = api.post("/api/scan/create", "{\"asset_id\":");
		assertThat(badJson.status()).isEqualTo(400);
		assertThat(badJson.error().path("field").asText()).isEqualTo("body");

		SandboxTestClient.Reply pending = api.createScan("a-1011", "full", null);
		assertThat(pending.status()).isEqualTo(400);
		assertThat(pending.error().path("field").asText()).isEqualTo("asset_id");
		assertThat(pending.error().path("message").asText()).contains("pending verification");

		SandboxTestClient.Reply badCategory = api.post("/api/scan/create",
				"{\"asset_id\":\"a-1001\",\"scan_type\":\"custom\",\"options\":{\"categories\":[\"sqli\"]}}");
		assertThat(badCategory.error().path("field").asText()).isEqualTo("options.categories");
		assertThat(badCategory.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("web_vuln", "ssl", "headers", "dns", "port", "api");
		// Nothing above created a scan.
		assertThat(api.get("/api/scans?status=queued").body().path("meta").path("total").asInt()).isZero();
	}

	@Test
	void customScanChecksOnlyTheChosenCategoriesAndTimeoutOptionFailsLongScans() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		SandboxTestClient.Reply custom = api.post("/api/scan/create",
				"{\"asset_id\":\"a-1001\",\"scan_type\":\"custom\",\"options\":{\"categories\":[\"ssl\",\"dns\"]}}");
		String id = custom.body().path("data").path("scan_id").asText();
		assertThat(custom.body().path("data").path("options").path("categories")).hasSize(2);
		SandboxTestClient.Reply timed = api.post("/api/scan/create",
				"{\"asset_id\":\"a-1002\",\"scan_type\":\"full\",\"options\":{\"timeout\":20}}");
		String timedId = timed.body().path("data").path("scan_id").asText();
		clock.advance(Duration.ofMinutes(2));
		for (JsonNode f : api.get("/api/scan/" + id + "/results?per_page=100").body().path("data")) {
			assertThat(f.path("category").asText()).isIn("ssl", "dns");
		}
		JsonNode timedOut = api.get("/api/scan/" + timedId).body().path("data");
		assertThat(timedOut.path("status").asText()).isEqualTo("failed");
		assertThat(timedOut.path("error").asText()).contains("timeout of 20 seconds");
		assertThat(timedOut.path("duration_seconds").asLong()).isEqualTo(20);
	}

	@Test
	void lifecycleDoesNotDependOnHowOftenTheWorldIsObserved() throws Exception {
		SandboxTestClient often = start(SandboxTesting.manual(clock).concurrencyLimit(2));
		ManualClock otherClock = new ManualClock(clock.instant());
		SandboxTestClient rarely = start(SandboxTesting.manual(otherClock).concurrencyLimit(2));
		for (SandboxTestClient api : List.of(often, rarely)) {
			create(api, "a-1001", "full", "low");
			create(api, "a-1002", "quick", "normal");
			create(api, "a-1003", "web_app", "high");
			create(api, "a-1012", "api", null);
		}
		for (int i = 0; i < 120; i++) {
			clock.advance(Duration.ofMillis(1500));
			often.get("/api/scans");
		}
		otherClock.advance(Duration.ofSeconds(180));
		assertThat(rarely.get("/api/findings?per_page=100").raw())
			.isEqualTo(often.get("/api/findings?per_page=100").raw());
		assertThat(rarely.get("/api/scans?per_page=100").raw()).isEqualTo(often.get("/api/scans?per_page=100").raw());
	}

}
