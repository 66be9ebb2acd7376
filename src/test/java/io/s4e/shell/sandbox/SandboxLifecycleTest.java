package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
		return SandboxTestClient.of(startServer(config));
	}

	private SandboxServer startServer(SandboxConfig.Builder config) throws Exception {
		SandboxServer server = SandboxServer.start(config.build());
		servers.add(server);
		return server;
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
	void neverRunsMoreThanTheConcurrencyLimitAndFreedSlotsGoToTheHighestPriority() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).concurrencyLimit(2));
		Map<String, String> priorities = new LinkedHashMap<>();
		String[][] plan = { { "a-1002", "low" }, { "a-1003", "normal" }, { "a-1004", "low" }, { "a-1006", "high" },
				{ "a-1007", "normal" }, { "a-1008", "high" } };
		for (String[] p : plan) {
			priorities.put(create(api, p[0], "quick", p[1]), p[1]);
		}
		List<String> startOrder = new ArrayList<>();
		for (int second = 0; second < 60; second++) {
			clock.advance(Duration.ofSeconds(1));
			JsonNode running = api.get("/api/scans?status=running&per_page=100").body();
			assertThat(running.path("meta").path("total").asInt()).as("running at second " + second)
				.isLessThanOrEqualTo(2);
			running.path("data").forEach(s -> {
				if (!startOrder.contains(s.path("scan_id").asText())) {
					startOrder.add(s.path("scan_id").asText());
				}
			});
		}
		assertThat(startOrder).hasSize(6);
		assertThat(startOrder).extracting(priorities::get)
			.containsExactly("high", "high", "normal", "normal", "low", "low");
		assertThat(api.get("/api/scans?status=completed&from=2026-04-28T12:00:00Z").body().path("meta").path("total")
			.asInt()).isEqualTo(6);
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


	@Test
	void everyScanTypeGoesThroughPhasesOfItsOwn() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).concurrencyLimit(10));
		Map<String, List<String>> expected = new LinkedHashMap<>();
		expected.put("quick", List.of("discovery", "port_scan", "critical_checks", "reporting"));
		expected.put("ssl", List.of("handshake", "certificate_checks", "cipher_checks"));
		expected.put("dns", List.of("record_enumeration", "zone_transfer_checks", "email_security_checks",
				"reporting"));
		expected.put("port", List.of("host_discovery", "tcp_scan", "udp_scan", "service_detection"));
		expected.put("api_discovery", List.of("endpoint_discovery", "schema_analysis", "api_checks", "reporting"));
		expected.put("web_app", List.of("crawling", "web_vulnerability_checks", "header_checks", "reporting"));
		expected.put("network", List.of("host_discovery", "port_scan", "service_detection", "vulnerability_checks"));
		expected.put("api", List.of("endpoint_discovery", "authentication_checks", "api_checks", "reporting"));
		expected.put("full", List.of("discovery", "port_scan", "service_detection", "web_vulnerability_checks",
				"ssl_checks", "reporting"));
		List<String> assets = List.of("a-1001", "a-1002", "a-1003", "a-1004", "a-1006", "a-1007", "a-1008", "a-1009",
				"a-1012", "a-1013");
		Map<String, String> scans = new LinkedHashMap<>();
		int i = 0;
		for (String type : expected.keySet()) {
			scans.put(type, create(api, assets.get(i++), type, null));
		}
		SandboxTestClient.Reply custom = api.post("/api/scan/create", "{\"asset_id\":\"" + assets.get(i)
				+ "\",\"scan_type\":\"custom\",\"options\":{\"categories\":[\"dns\",\"headers\"]}}");
		scans.put("custom", custom.body().path("data").path("scan_id").asText());
		expected.put("custom", List.of("discovery", "dns_checks", "header_checks", "reporting"));

		Map<String, List<String>> seen = new LinkedHashMap<>();
		Map<String, Integer> lastProgress = new LinkedHashMap<>();
		for (int tick = 0; tick < 100; tick++) {
			clock.advance(Duration.ofMillis(500));
			for (Map.Entry<String, String> scan : scans.entrySet()) {
				JsonNode s = status(api, scan.getValue());
				if (!s.path("status").asText().equals("running")) {
					continue;
				}
				List<String> phases = seen.computeIfAbsent(scan.getKey(), k -> new ArrayList<>());
				String phase = s.path("current_phase").asText();
				if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
					phases.add(phase);
				}
				int progress = s.path("progress").asInt();
				assertThat(progress).as(scan.getKey()).isGreaterThanOrEqualTo(lastProgress.getOrDefault(scan.getKey(), 0));
				lastProgress.put(scan.getKey(), progress);
			}
		}
		assertThat(seen).isEqualTo(expected);
		for (String id : scans.values()) {
			assertThat(status(api, id).path("status").asText()).isEqualTo("completed");
		}
	}

	@Test
	void speedDividesQueueAndRunTimes() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).speed(3));
		String quick = create(api, "a-1002", "quick", null);
		String full = create(api, "a-1003", "full", null);
		clock.advance(Duration.ofMillis(667 + 4900));
		assertThat(status(api, quick).path("status").asText()).isEqualTo("running");
		clock.advance(Duration.ofMillis(200));
		JsonNode done = api.get("/api/scan/" + quick).body().path("data");
		assertThat(done.path("status").asText()).isEqualTo("completed");
		assertThat(done.path("duration_seconds").asLong()).isEqualTo(5);
		clock.advance(Duration.ofSeconds(10));
		assertThat(api.get("/api/scan/" + full).body().path("data").path("duration_seconds").asLong()).isEqualTo(15);
	}

	// ---------------------------------------------------------------- event stream

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void eventStreamDeliversTheLifecycleAndFiltersByTypeAndAsset() throws Exception {
		SandboxServer server = startServer(SandboxTesting.manual(clock));
		SandboxTestClient api = SandboxTestClient.of(server);
		String base = server.baseUrl();
		String token = server.token();
		try (SseTestClient all = SseTestClient.open(base, token, null, null);
				SseTestClient filtered = SseTestClient.open(base, token,
						"events=scan.completed,finding.new&asset_id=a-1002", null);
				SseTestClient queryToken = SseTestClient.open(base, null, "token=" + token + "&events=scan.created",
						null)) {
			assertThat(all.status()).isEqualTo(200);
			assertThat(all.header("Content-Type")).startsWith("text/event-stream");
			assertThat(all.header("X-RateLimit-Limit")).isNotNull();
			assertThat(all.next(WAIT).retry()).as("retry is sent once, first").isEqualTo(3000);
			assertThat(queryToken.status()).isEqualTo(200);

			String quick = create(api, "a-1002", "quick", null);
			String other = create(api, "a-1003", "quick", null);
			String failing = create(api, "a-1010", "full", null);
			for (int second = 0; second < 20; second++) {
				clock.advance(Duration.ofSeconds(1));
				server.tick();
			}

			List<SseTestClient.Frame> events = all.eventsUntil(
					f -> f.event().equals("scan.completed") && f.data().path("scan_id").asText().equals(other), WAIT);
			assertThat(events).extracting(SseTestClient.Frame::sequence).isSorted().doesNotHaveDuplicates();
			assertThat(events).extracting(SseTestClient.Frame::event)
				.contains("scan.created", "scan.progress", "finding.new", "scan.failed", "scan.completed");
			assertThat(events.subList(0, 3)).extracting(f -> f.event() + " " + f.data().path("scan_id").asText())
				.containsExactly("scan.created " + quick, "scan.created " + other, "scan.created " + failing);
			assertThat(events.get(0).data().path("asset_id").asText()).isEqualTo("a-1002");
			assertThat(events.get(0).data().path("scan_type").asText()).isEqualTo("quick");
			SseTestClient.Frame failed = events.stream().filter(f -> f.event().equals("scan.failed")).findFirst()
				.orElseThrow();
			assertThat(failed.data().path("scan_id").asText()).isEqualTo(failing);
			assertThat(failed.data().path("error").asText()).contains("unreachable");
			List<Integer> progressOfQuick = events.stream()
				.filter(f -> f.event().equals("scan.progress") && f.data().path("scan_id").asText().equals(quick))
				.map(f -> f.data().path("progress").asInt())
				.toList();
			assertThat(progressOfQuick).hasSizeGreaterThan(5).isSorted().startsWith(0);
			assertThat(events).filteredOn(f -> f.event().equals("scan.progress"))
				.allSatisfy(f -> assertThat(f.data().path("phase").asText()).isNotBlank());
			SseTestClient.Frame finding = events.stream().filter(f -> f.event().equals("finding.new")).findFirst()
				.orElseThrow();
			assertThat(finding.data().path("finding_id").asText()).isNotBlank();
			assertThat(finding.data().path("severity").asText()).isIn(SandboxJson.SEVERITIES);
			assertThat(finding.data().path("asset").path("name").asText()).isNotBlank();
			int quickFindings = api.get("/api/scan/" + quick + "/results").body().path("meta").path("total").asInt();

			List<SseTestClient.Frame> narrow = filtered.eventsUntil(f -> f.event().equals("scan.completed"), WAIT);
			assertThat(narrow).extracting(SseTestClient.Frame::event)
				.containsOnly("finding.new", "scan.completed")
				.filteredOn("finding.new"::equals)
				.hasSize(quickFindings);
			assertThat(narrow).allSatisfy(f -> assertThat(f.data().path("asset_id").asText(
					f.data().path("asset").path("id").asText())).isEqualTo("a-1002"));
			assertThat(narrow.get(narrow.size() - 1).data().path("finding_count").asInt()).isEqualTo(quickFindings);

			assertThat(List.of(queryToken.nextEvent(WAIT), queryToken.nextEvent(WAIT), queryToken.nextEvent(WAIT)))
				.extracting(f -> f.event() + " " + f.data().path("scan_id").asText())
				.containsExactly("scan.created " + quick, "scan.created " + other, "scan.created " + failing);
		}
	}

	@Test
	void eventStreamResumesAfterLastEventIdWithNothingLostOrRepeated() throws Exception {
		SandboxServer server = startServer(SandboxTesting.manual(clock).heartbeatInterval(Duration.ofMillis(100)));
		SandboxTestClient api = SandboxTestClient.of(server);
		String first;
		String resumeFrom;
		try (SseTestClient stream = SseTestClient.open(server.baseUrl(), server.token(), null, null)) {
			first = create(api, "a-1002", "quick", null);
			clock.advance(Duration.ofSeconds(8));
			server.tick();
			List<SseTestClient.Frame> seen = stream.eventsUntil(f -> f.event().equals("scan.progress"), WAIT);
			resumeFrom = seen.get(seen.size() - 1).id();
		}
		// While nobody listens: the first scan finishes and another one is created.
		clock.advance(Duration.ofSeconds(15));
		server.tick();
		String second = create(api, "a-1003", "ssl", null);
		List<SandboxEvent> missed = server.events().retained().stream()
			.filter(e -> e.sequence() > SandboxEvent.sequenceOf(resumeFrom))
			.toList();
		assertThat(missed).extracting(SandboxEvent::type).contains("scan.completed", "scan.created");

		try (SseTestClient resumed = SseTestClient.open(server.baseUrl(), server.token(), null, resumeFrom)) {
			List<SseTestClient.Frame> replayed = resumed.eventsUntil(
					f -> f.event().equals("scan.created") && f.data().path("scan_id").asText().equals(second), WAIT);
			assertThat(replayed).extracting(SseTestClient.Frame::id)
				.containsExactlyElementsOf(missed.stream().map(SandboxEvent::id).toList());
			assertThat(replayed).anySatisfy(f -> {
				assertThat(f.event()).isEqualTo("scan.completed");
				assertThat(f.data().path("scan_id").asText()).isEqualTo(first);
			});

			// A heartbeat's id is a resume point too: it stands for everything delivered so far.
			SseTestClient.Frame heartbeat;
			do {
				heartbeat = resumed.next(WAIT);
			}
			while (!"heartbeat".equals(heartbeat.event()));
			assertThat(heartbeat.id()).startsWith(missed.get(missed.size() - 1).id() + "-hb-");
			assertThat(heartbeat.data().path("timestamp").asText()).isEqualTo(SandboxJson.time(clock.millis()));
			String afterHeartbeat = heartbeat.id();
			resumed.close();
			api.post("/api/scan/" + second + "/cancel", null);
			try (SseTestClient again = SseTestClient.open(server.baseUrl(), server.token(), null, afterHeartbeat)) {
				SseTestClient.Frame next = again.nextEvent(WAIT);
				assertThat(next.event()).isEqualTo("scan.cancelled");
				assertThat(next.data().path("scan_id").asText()).isEqualTo(second);
			}
		}

		SandboxTestClient.Reply bad = api.withHeader("Last-Event-ID", "yesterday").get("/api/events/stream");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.error().path("field").asText()).isEqualTo("Last-Event-ID");
	}

	@Test
	void eventStreamsAreLimitedPerTokenAndNeedAToken() throws Exception {
		SandboxServer server = startServer(SandboxTesting.manual(clock).maxStreamsPerToken(2)
			.heartbeatInterval(Duration.ofMillis(100)));
		try (SseTestClient one = SseTestClient.open(server.baseUrl(), server.token(), null, null);
				SseTestClient two = SseTestClient.open(server.baseUrl(), server.token(), null, null)) {
			assertThat(one.status()).isEqualTo(200);
			assertThat(two.status()).isEqualTo(200);
			SandboxTestClient.Reply third = SandboxTestClient.of(server).get("/api/events/stream");
			assertThat(third.status()).isEqualTo(429);
			assertThat(third.header("Retry-After")).isNotBlank();
			assertThat(third.error().path("code").asText()).isEqualTo("rate_limited");
		}
		assertThat(SandboxTestClient.of(server).withToken(null).get("/api/events/stream").status()).isEqualTo(401);
	}

	// ---------------------------------------------------------------- callbacks

	private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body));
	}

	@Test
	void completionAndFailureArePostedToTheCallbackUrlSignedWithHmacSha256AndRetried() throws Exception {
		String secret = "whsec_sandbox_test";
		try (CallbackReceiver receiver = new CallbackReceiver(503)) {
			SandboxTestClient api = start(SandboxTesting.manual(clock).webhookSecret(secret)
				.webhookBackoff(Duration.ofMillis(20)));
			String hook = receiver.url("/hooks/s4e");
			SandboxTestClient.Reply created = api.post("/api/scan/create",
					"{\"asset_id\":\"a-1002\",\"scan_type\":\"quick\",\"callback_url\":\"" + hook + "\"}");
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(created.body().path("data").path("callback_url").asText()).isEqualTo(hook);
			String completed = created.body().path("data").path("scan_id").asText();
			String failed = api.post("/api/scan/create",
					"{\"asset_id\":\"a-1010\",\"scan_type\":\"full\",\"callback_url\":\"" + hook + "\"}")
				.body().path("data").path("scan_id").asText();
			create(api, "a-1003", "quick", null);
			assertThat(receiver.nothingReceived()).isTrue();

			clock.advance(Duration.ofSeconds(30));
			api.get("/api/scans");
			// Two events, one of them answered 503 the first time and delivered again.
			Map<String, List<CallbackReceiver.Delivery>> byEvent = new LinkedHashMap<>();
			for (int i = 0; i < 3; i++) {
				CallbackReceiver.Delivery d = receiver.next(WAIT);
				byEvent.computeIfAbsent(d.header("X-S4E-Delivery"), k -> new ArrayList<>()).add(d);
			}
			assertThat(byEvent).hasSize(2);
			Map<String, JsonNode> bodies = new LinkedHashMap<>();
			for (List<CallbackReceiver.Delivery> attempts : byEvent.values()) {
				for (CallbackReceiver.Delivery d : attempts) {
					assertThat(d.method()).isEqualTo("POST");
					assertThat(d.path()).isEqualTo("/hooks/s4e");
					assertThat(d.header("Content-Type")).startsWith("application/json");
					assertThat(d.header("X-S4E-Signature")).isEqualTo("sha256=" + hmacSha256Hex(secret, d.body()));
					assertThat(d.header("X-S4E-Signature")).isNotEqualTo("sha256=" + hmacSha256Hex("other", d.body()));
					assertThat(d.body()).isEqualTo(attempts.get(0).body());
				}
				assertThat(attempts).extracting(d -> d.header("X-S4E-Attempt"))
					.isSubsetOf("1", "2")
					.doesNotHaveDuplicates();
				JsonNode body = SandboxTestClient.MAPPER.readTree(attempts.get(0).body());
				SseTestClient.assertPayloadKeepsTheContract(body.path("event").asText(), body.path("data").toString());
				assertThat(body.path("id").asText()).isEqualTo(attempts.get(0).header("X-S4E-Delivery"));
				assertThat(body.path("event").asText()).isEqualTo(attempts.get(0).header("X-S4E-Event"));
				bodies.put(body.path("event").asText(), body);
			}
			assertThat(byEvent.values()).extracting(List::size).containsExactlyInAnyOrder(1, 2);
			assertThat(bodies).containsOnlyKeys("scan.completed", "scan.failed");

			JsonNode done = bodies.get("scan.completed");
			assertThat(done.path("data").path("scan_id").asText()).isEqualTo(completed);
			assertThat(done.path("data").path("asset_id").asText()).isEqualTo("a-1002");
			assertThat(done.path("data").path("status").asText()).isEqualTo("completed");
			assertThat(done.path("data").path("finding_count").asInt())
				.isEqualTo(api.get("/api/scan/" + completed + "/results").body().path("meta").path("total").asInt());
			assertThat(done.path("data").path("duration").asLong()).isEqualTo(15);
			assertThat(done.path("created_at").asText()).isEqualTo("2026-04-28T12:00:17Z");
			JsonNode fail = bodies.get("scan.failed");
			assertThat(fail.path("data").path("scan_id").asText()).isEqualTo(failed);
			assertThat(fail.path("data").path("error").asText()).contains("unreachable");
			// The scan without a callback_url posted nothing.
			assertThat(receiver.nothingReceived()).isTrue();
		}
	}

	@Test
	void withoutASecretCallbacksAreUnsigned() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			SandboxTestClient api = start(SandboxTesting.manual(clock));
			api.post("/api/scan/create", "{\"asset_id\":\"a-1002\",\"scan_type\":\"ssl\",\"callback_url\":\""
					+ receiver.url("/cb") + "\"}");
			clock.advance(Duration.ofMinutes(1));
			api.get("/api/scans");
			CallbackReceiver.Delivery d = receiver.next(WAIT);
			assertThat(d.header("X-S4E-Signature")).isNull();
			assertThat(SandboxTestClient.MAPPER.readTree(d.body()).path("event").asText()).isEqualTo("scan.completed");
		}
	}

}
