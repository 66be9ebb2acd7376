package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Lists, filters, sorting, paging and details of scans, assets and findings. */
class SandboxResourcesTest {

	private static final ManualClock clock = ManualClock.atDocumentationEpoch();

	private static SandboxServer server;

	private static SandboxTestClient api;

	@BeforeAll
	static void start() throws Exception {
		server = SandboxServer.start(SandboxTesting.manual(clock).build());
		api = SandboxTestClient.of(server);
		// Some fresh scans next to the seeded history.
		api.createScan("a-1001", "full", "high");
		api.createScan("a-1017", "port", "low");
		clock.advance(Duration.ofMinutes(2));
		api.createScan("a-1002", "ssl", null);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	private static List<JsonNode> items(String path) {
		SandboxTestClient.Reply reply = api.get(path);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		reply.body().path("data").forEach(items::add);
		return items;
	}

	@Test
	void assetInventoryHasEveryTypeTagAndStatus() {
		List<JsonNode> assets = items("/api/assets?per_page=100");
		assertThat(assets).hasSizeGreaterThanOrEqualTo(25);
		Set<String> types = new HashSet<>();
		Set<String> tags = new HashSet<>();
		Set<String> statuses = new HashSet<>();
		for (JsonNode a : assets) {
			types.add(a.path("type").asText());
			a.path("tags").forEach(t -> tags.add(t.asText()));
			statuses.add(a.path("status").asText());
			assertThat(a.path("risk_score").asInt()).isBetween(0, 100);
			assertThat(a.path("metadata").has("ip_addresses")).isTrue();
		}
		assertThat(types).containsExactlyInAnyOrder("domain", "ip", "url", "network");
		assertThat(tags).contains("production", "staging", "internal", "pci");
		assertThat(statuses).containsExactlyInAnyOrder("active", "inactive", "pending_verification");
	}

	@Test
	void assetFiltersAndSorting() {
		assertThat(items("/api/assets?type=network&per_page=100")).isNotEmpty()
			.allSatisfy(a -> assertThat(a.path("type").asText()).isEqualTo("network"));
		assertThat(items("/api/assets?tag=PCI&per_page=100")).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy(a -> assertThat(a.path("tags").toString()).contains("\"pci\""));
		assertThat(items("/api/assets?status=pending_verification")).isNotEmpty()
			.allSatisfy(a -> assertThat(a.path("verified").asBoolean()).isFalse());
		assertThat(items("/api/assets?search=magento")).extracting(a -> a.path("name").asText())
			.containsExactly("shop.example.com");
		List<JsonNode> byRisk = items("/api/assets?sort_by=risk_score&sort_order=desc&per_page=100");
		assertThat(byRisk).extracting(a -> a.path("risk_score").asInt()).isSortedAccordingTo(Comparator.reverseOrder());
		List<JsonNode> byName = items("/api/assets?sort_by=name&sort_order=asc&per_page=100");
		assertThat(byName).extracting(a -> a.path("name").asText().toLowerCase()).isSorted();
		SandboxTestClient.Reply badType = api.get("/api/assets?type=server");
		assertThat(badType.status()).isEqualTo(400);
		assertThat(badType.error().path("field").asText()).isEqualTo("type");
		assertThat(badType.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("domain", "ip", "url", "network");
		SandboxTestClient.Reply badSort = api.get("/api/assets?sort_by=owner");
		assertThat(badSort.error().path("field").asText()).isEqualTo("sort_by");
	}

	@Test
	void pagingReportsTotalsAndRejectsOversizedPages() {
		JsonNode page2 = api.get("/api/assets?per_page=10&page=2&sort_by=name&sort_order=asc").body();
		JsonNode meta = page2.path("meta");
		int total = meta.path("total").asInt();
		assertThat(meta.path("page").asInt()).isEqualTo(2);
		assertThat(meta.path("per_page").asInt()).isEqualTo(10);
		assertThat(meta.path("total_pages").asInt()).isEqualTo((total + 9) / 10);
		assertThat(page2.path("data").get(0).path("name").asText())
			.isEqualTo(items("/api/assets?per_page=100&sort_by=name&sort_order=asc").get(10).path("name").asText());
		JsonNode beyond = api.get("/api/assets?page=99").body();
		assertThat(beyond.path("data").size()).isZero();
		assertThat(beyond.path("meta").path("total").asInt()).isEqualTo(total);
		for (String bad : List.of("per_page=101", "per_page=0", "page=0", "per_page=ten")) {
			SandboxTestClient.Reply reply = api.get("/api/scans?" + bad);
			assertThat(reply.status()).as(bad).isEqualTo(400);
			assertThat(reply.error().path("field").asText()).isEqualTo(bad.substring(0, bad.indexOf('=')));
		}
		assertThat(api.get("/api/scans?per_page=100").status()).isEqualTo(200);
	}

	@Test
	void assetDetailsCarryMetadataSummaryAndLastScan() {
		JsonNode asset = api.get("/api/assets/a-1001").body().path("data");
		assertThat(asset.path("name").asText()).isEqualTo("example.com");
		assertThat(asset.path("metadata").path("registrar").asText()).isNotBlank();
		assertThat(asset.path("metadata").path("technologies")).isNotEmpty();
		assertThat(asset.path("finding_summary").fieldNames()).toIterable()
			.containsExactly("critical", "high", "medium", "low", "info");
		assertThat(asset.path("last_scan").asText()).isEqualTo("2026-04-28T12:00:00Z");
		assertThat(asset.path("updated_at").asText()).isNotBlank();
		SandboxTestClient.Reply missing = api.get("/api/assets/a-4242");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.error().path("resource").asText()).isEqualTo("asset");
	}

	@Test
	void scanListFilters() {
		assertThat(items("/api/scans?status=completed&per_page=100")).isNotEmpty()
			.allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("completed"));
		assertThat(items("/api/scans?status=queued")).extracting(s -> s.path("asset_id").asText())
			.containsExactly("a-1002");
		// The first two finished during the two minutes before the third was created.
		assertThat(items("/api/scans?status=completed,queued&from=2026-04-28T12:00:00Z&sort_order=asc"))
			.extracting(s -> s.path("asset_id").asText())
			.containsExactly("a-1001", "a-1017", "a-1002");
		assertThat(items("/api/scans?scan_type=port&asset_id=a-1017")).extracting(s -> s.path("scan_id").asText())
			.contains("sc-44022");
		assertThat(items("/api/scans?from=2026-04-28T12:01:00Z")).extracting(s -> s.path("asset_id").asText())
			.containsExactly("a-1002");
		assertThat(items("/api/scans?from=2026-04-28&to=2026-04-28&per_page=100")).hasSize(3);
		List<JsonNode> history = items("/api/scans?to=2026-04-27T23:59:59Z&per_page=100&sort_order=asc");
		assertThat(history).isNotEmpty();
		assertThat(history).extracting(s -> s.path("created_at").asText()).isSorted();
		assertThat(history).anySatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("failed"));
		SandboxTestClient.Reply badDate = api.get("/api/scans?from=yesterday");
		assertThat(badDate.status()).isEqualTo(400);
		assertThat(badDate.error().path("field").asText()).isEqualTo("from");
		SandboxTestClient.Reply typo = api.get("/api/scans?stauts=completed");
		assertThat(typo.status()).isEqualTo(400);
		assertThat(typo.error().path("field").asText()).isEqualTo("stauts");
		assertThat(typo.error().path("allowed")).extracting(JsonNode::asText).contains("status", "asset_id", "from");
		assertThat(api.get("/api/findings?severty=high").error().path("field").asText()).isEqualTo("severty");
		assertThat(api.get("/api/assets?tags=pci").error().path("allowed")).extracting(JsonNode::asText)
			.contains("tag");
		SandboxTestClient.Reply badStatus = api.get("/api/scans?status=done");
		assertThat(badStatus.error().path("allowed")).extracting(JsonNode::asText)
			.containsExactly("queued", "running", "completed", "failed", "cancelled");
	}

	@Test
	void findingFiltersSortingAndDetails() {
		List<JsonNode> severe = items("/api/findings?severity=critical,high&per_page=100");
		assertThat(severe).isNotEmpty()
			.allSatisfy(f -> assertThat(f.path("severity").asText()).isIn("critical", "high"));
		assertThat(items("/api/findings?cvss_min=7&cvss_max=8.9&per_page=100"))
			.allSatisfy(f -> assertThat(f.path("cvss").asDouble()).isBetween(7.0, 8.9));
		assertThat(items("/api/findings?sort_by=cvss&sort_order=asc&per_page=100"))
			.extracting(f -> f.path("cvss").asDouble()).isSorted();
		assertThat(items("/api/findings?status=open&asset_id=a-1001&per_page=100"))
			.allSatisfy(f -> {
				assertThat(f.path("status").asText()).isEqualTo("open");
				assertThat(f.path("asset").path("id").asText()).isEqualTo("a-1001");
			});
		List<JsonNode> all = items("/api/findings?per_page=100");
		assertThat(all).extracting(f -> f.path("discovered_at").asText()).isSortedAccordingTo(Comparator.reverseOrder());
		String title = all.get(0).path("title").asText();
		String word = title.split(" ")[0];
		assertThat(items("/api/findings?search=" + word + "&per_page=100"))
			.allSatisfy(f -> assertThat((f.path("title").asText() + f.path("description").asText()).toLowerCase())
				.contains(word.toLowerCase()));
		SandboxTestClient.Reply badStatus = api.get("/api/findings?status=fixed");
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.error().path("field").asText()).isEqualTo("status");

		JsonNode finding = api.get("/api/findings/" + all.get(0).path("id").asText()).body().path("data");
		assertThat(finding.path("cvss_vector").asText()).startsWith("CVSS:3.1/");
		assertThat(finding.path("cwe").asText()).matches("CWE-\\d+");
		assertThat(finding.path("references")).isNotEmpty();
		assertThat(finding.path("remediation").asText()).isNotBlank();
		assertThat(finding.path("asset").fieldNames()).toIterable().containsExactly("id", "name", "type");
		assertThat(api.get("/api/findings/f-1").status()).isEqualTo(404);
	}

	@Test
	void patchingAFindingValidatesAndRecordsTheChange() {
		String id = items("/api/findings?status=open&per_page=1").get(0).path("id").asText();
		clock.advance(Duration.ofSeconds(5));
		SandboxTestClient.Reply updated = api.patch("/api/findings/" + id,
				"{\"status\":\"false_positive\",\"note\":\"WAF blocks the payload\"}");
		assertThat(updated.status()).isEqualTo(200);
		JsonNode f = updated.body().path("data");
		assertThat(f.path("status").asText()).isEqualTo("false_positive");
		assertThat(f.path("note").asText()).isEqualTo("WAF blocks the payload");
		assertThat(f.path("updated_at").asText()).isEqualTo(SandboxJson.time(clock.millis()));
		assertThat(server.events().retained()).anySatisfy(e -> {
			assertThat(e.type()).isEqualTo("finding.status_changed");
			assertThat(e.data().path("finding_id").asText()).isEqualTo(id);
			assertThat(e.data().path("old_status").asText()).isEqualTo("open");
			assertThat(e.data().path("new_status").asText()).isEqualTo("false_positive");
		});
		SandboxTestClient.Reply missing = api.patch("/api/findings/" + id, "{\"note\":\"x\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.error().path("field").asText()).isEqualTo("status");
		assertThat(missing.error().path("allowed")).hasSize(5);
		assertThat(api.patch("/api/findings/f-1", "{\"status\":\"open\"}").status()).isEqualTo(404);
		assertThat(api.send("DELETE", "/api/findings/" + id, null).status()).isEqualTo(405);
	}

}
