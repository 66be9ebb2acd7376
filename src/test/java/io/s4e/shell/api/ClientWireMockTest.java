package io.s4e.shell.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.contract.ContractWireMock;
import io.s4e.shell.contract.OpenApiContract;

/**
 * The client against WireMock: both documented dialects, every error status, faults and transport rules. Every
 * request the client sends is checked against the OpenAPI document ({@link ContractWireMock}); a stub that answers
 * off-contract on purpose says so with {@link OpenApiContract#EXEMPT_HEADER}.
 */
class ClientWireMockTest {

	static final String TOKEN = "s4e_live_test_token_1234567890";

	static final String EXEMPT = OpenApiContract.EXEMPT_HEADER;

	@RegisterExtension
	static ContractWireMock wm = new ContractWireMock();

	/** Another origin, not the S4E API: nothing there is checked against the document. */
	@RegisterExtension
	static WireMockExtension other = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	S4eClient client;

	static String base(int port) {
		return "http://127.0.0.1:" + port;
	}

	@BeforeEach
	void setUp() {
		client = new S4eClient(ClientConfig.of(base(wm.port()), Secret.of(TOKEN))
			.withRetries(4, Duration.ofMillis(10), Duration.ofMillis(200))
			.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20)));
	}

	// ---- every endpoint, reference dialect ({"data": ...}, short IDs, minutes)

	@Test
	void createScanReferenceDialect() {
		wm.stubFor(post("/api/scan/create")
			.withHeader("Authorization", equalTo("Bearer " + TOKEN))
			.withRequestBody(equalToJson("""
					{"asset_id":"a-1001","scan_type":"full","priority":"high",
					 "options":{"depth":"deep","include_subdomains":true}}"""))
			.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
					{"data":{"scan_id":"sc-44021","asset_id":"a-1001","scan_type":"full","status":"queued",
					 "priority":"high","created_at":"2026-04-28T12:00:00Z","estimated_duration_minutes":15}}""")));
		S4eClient.CreateResult result = client.createScan(new CreateScanRequest("a-1001", "full", "high",
				Map.of("depth", "deep", "include_subdomains", true), null), true);
		assertThat(result.adopted()).isFalse();
		Scan scan = result.scan();
		assertThat(scan.id()).isEqualTo("sc-44021");
		assertThat(scan.status()).isEqualTo("queued");
		assertThat(scan.estimatedDurationSeconds()).isEqualTo(900);
		assertThat(scan.priority()).isEqualTo("high");
	}

	@Test
	void createScanGuideDialect() {
		wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(201).withBody("""
				{"scan_id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","status":"queued",
				 "created_at":"2026-04-28T14:30:00Z","estimated_duration":1200}""")));
		Scan scan = client.createScan(new CreateScanRequest("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "web_app", null,
				Map.of("max_depth", 10), null), true).scan();
		assertThat(scan.id()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
		assertThat(scan.estimatedDurationSeconds()).isEqualTo(1200);
		assertThat(scan.createdAt()).isEqualTo("2026-04-28T14:30:00Z");
	}

	@Test
	void nullEstimatedDurationIsKeptAsUnknown() {
		wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(201)
			.withBody("{\"scan_id\":\"s-1\",\"status\":\"queued\",\"estimated_duration\":null}")));
		assertThat(client.createScan(CreateScanRequest.of("a-1", "quick"), true).scan().estimatedDurationSeconds())
			.isNull();
	}

	@Test
	void listScansSendsEveryFilterAndReadsBothEnvelopes() {
		wm.stubFor(get(urlPathEqualTo("/api/scans")).withQueryParam("status", equalTo("completed"))
			.withQueryParam("asset_id", equalTo("a-1001"))
			.withQueryParam("scan_type", equalTo("full"))
			.withQueryParam("from", equalTo("2026-04-01T00:00:00Z"))
			.withQueryParam("to", equalTo("2026-05-01T00:00:00Z"))
			.withQueryParam("page", equalTo("2"))
			.withQueryParam("per_page", equalTo("5"))
			.willReturn(okJson("""
					{"data":[{"scan_id":"sc-1","asset_id":"a-1001","status":"completed","scan_type":"full"}],
					 "meta":{"total":6,"page":2,"per_page":5,"total_pages":2}}""")));
		Page<Scan> page = client.listScans(new ScanQuery("completed", "a-1001", "full", "2026-04-01T00:00:00Z",
				"2026-05-01T00:00:00Z", 2, 5, null, null));
		assertThat(page.items()).extracting(Scan::id).containsExactly("sc-1");
		assertThat(page.meta().total()).isEqualTo(6);
		assertThat(page.meta().hasNext(1)).isFalse();

		wm.stubFor(get(urlPathEqualTo("/api/scans")).withQueryParam("status", equalTo("running"))
			.willReturn(okJson("{\"scans\":[{\"id\":\"0f8e\",\"status\":\"running\"}]}")));
		assertThat(client.listScans(ScanQuery.fromMap(Map.of("status", "running"))).items())
			.extracting(Scan::id)
			.containsExactly("0f8e");
	}

	@Test
	void scanDetailsStatusCancelResults() {
		wm.stubFor(get("/api/scan/sc-44021").willReturn(okJson("""
				{"data":{"scan_id":"sc-44021","asset_id":"a-1001","asset_name":"example.com","scan_type":"full",
				 "status":"completed","priority":"high","progress":100,
				 "finding_summary":{"critical":1,"high":2,"medium":5,"low":3,"info":10},
				 "started_at":"2026-04-28T12:00:30Z","completed_at":"2026-04-28T12:14:22Z",
				 "duration_seconds":832,"created_at":"2026-04-28T12:00:00Z","region":"eu-1"}}""")));
		Scan details = client.getScan("sc-44021");
		assertThat(details.assetName()).isEqualTo("example.com");
		assertThat(details.findingSummary().total()).isEqualTo(21);
		assertThat(details.durationSeconds()).isEqualTo(832);
		assertThat(details.extra()).containsEntry("region", "eu-1");

		wm.stubFor(get("/api/scan/sc-44021/status").willReturn(okJson("""
				{"data":{"scan_id":"sc-44021","status":"running","progress":65,
				 "current_phase":"web_vulnerability_checks","eta_seconds":290}}""")));
		Scan status = client.getScanStatus("sc-44021");
		assertThat(status.progress()).isEqualTo(65);
		assertThat(status.currentPhase()).isEqualTo("web_vulnerability_checks");
		assertThat(status.etaSeconds()).isEqualTo(290);

		wm.stubFor(post("/api/scan/sc-44021/cancel").willReturn(okJson("""
				{"data":{"scan_id":"sc-44021","status":"cancelled","message":"Scan cancelled by user."}}""")));
		assertThat(client.cancelScan("sc-44021").status()).isEqualTo("cancelled");

		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-44021/results"))
			.withQueryParam("severity", equalTo("critical,high"))
			.willReturn(okJson("""
					{"data":[{"id":"f-91827","title":"SQL Injection in /api/login","severity":"critical","cvss":9.8,
					 "status":"open","description":"User input is passed directly to SQL query.",
					 "remediation":"Use parameterized queries.","discovered_at":"2026-04-28T12:05:00Z"}],
					 "meta":{"total":3,"page":1,"per_page":20}}""")));
		Page<Finding> results = client.scanResults("sc-44021", FindingQuery.severities(List.of("critical", "high")));
		assertThat(results.items()).singleElement().satisfies(f -> {
			assertThat(f.cvss()).isEqualTo(9.8);
			assertThat(f.discoveredAt()).isEqualTo("2026-04-28T12:05:00Z");
		});
	}

	@Test
	void statusInGuideDialectUsesPhase() {
		wm.stubFor(get("/api/scan/0a1b/status")
			.willReturn(okJson("{\"scan_id\":\"0a1b\",\"status\":\"running\",\"progress\":40,\"phase\":\"crawl\"}")));
		Scan status = client.getScanStatus("0a1b");
		assertThat(status.currentPhase()).isEqualTo("crawl");
		assertThat(status.progress()).isEqualTo(40);
	}

	@Test
	void assetsListAndDetails() {
		wm.stubFor(get(urlPathEqualTo("/api/assets")).withQueryParam("type", equalTo("domain"))
			.withQueryParam("tag", equalTo("production"))
			.withQueryParam("status", equalTo("active"))
			.withQueryParam("search", equalTo("example"))
			.withQueryParam("sort_by", equalTo("risk_score"))
			.withQueryParam("sort_order", equalTo("asc"))
			.willReturn(okJson("""
					{"data":[{"id":"a-1001","name":"example.com","type":"domain","status":"active","verified":true,
					 "risk_score":72,"tags":["production"],"last_scan":"2026-04-28T12:14:22Z",
					 "created_at":"2026-01-01T00:00:00Z"}],"meta":{"total":1,"page":1,"per_page":20,"total_pages":1}}""")));
		Page<Asset> assets = client.listAssets(
				new AssetQuery("domain", "production", "active", "example", null, null, "risk_score", "asc"));
		assertThat(assets.items()).singleElement().satisfies(a -> {
			assertThat(a.riskScore()).isEqualTo(72);
			assertThat(a.tags()).containsExactly("production");
			assertThat(a.verified()).isTrue();
		});

		wm.stubFor(get("/api/assets/a-1001").willReturn(okJson("""
				{"data":{"id":"a-1001","name":"example.com","type":"domain","status":"active",
				 "metadata":{"registrar":"Example Registrar","ip_addresses":["93.184.216.34"]},
				 "finding_summary":{"critical":0,"high":1,"medium":2,"low":0,"info":4},
				 "updated_at":"2026-04-28T12:14:22Z"}}""")));
		Asset a = client.getAsset("a-1001");
		assertThat(a.metadata()).containsEntry("registrar", "Example Registrar");
		assertThat(a.findingSummary().high()).isEqualTo(1);

		wm.stubFor(get(urlPathEqualTo("/api/assets")).withQueryParam("type", equalTo("ip"))
			.willReturn(okJson("{\"data\":[{\"asset_id\":\"7c9e\",\"name\":\"10.0.0.1\",\"type\":\"ip\"}]}")));
		assertThat(client.listAssets(AssetQuery.fromMap(Map.of("type", "ip"))).items()).extracting(Asset::id)
			.containsExactly("7c9e");
	}

	@Test
	void findingsListDetailsAndStatusUpdateInBothDialects() {
		wm.stubFor(get(urlPathEqualTo("/api/findings")).withQueryParam("severity", equalTo("critical,high"))
			.withQueryParam("status", equalTo("open"))
			.withQueryParam("cvss_min", equalTo("7.0"))
			.willReturn(okJson("""
					{"findings":[{"id":"f-00112233","title":"XSS","severity":"high","cvss":7.4,"status":"open",
					 "asset":{"id":"a1","name":"app.example.com","type":"web_application"},"scan_id":"s-aabbccdd",
					 "created_at":"2026-04-28T12:05:00Z"}]}""")));
		Page<Finding> page = client.listFindings(
				FindingQuery.fromMap(Map.of("severity", "critical,high", "status", "open", "cvss_min", "7.0")));
		assertThat(page.items()).singleElement().satisfies(f -> {
			assertThat(f.assetName()).isEqualTo("app.example.com");
			assertThat(f.discoveredAt()).isEqualTo("2026-04-28T12:05:00Z");
		});

		wm.stubFor(get("/api/findings/f-91827").willReturn(okJson("""
				{"data":{"id":"f-91827","title":"SQLi","severity":"critical","cvss":9.8,
				 "cvss_vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","cwe":"CWE-89",
				 "references":["https://owasp.org/www-community/attacks/SQL_Injection"],"status":"open"}}""")));
		Finding f = client.getFinding("f-91827");
		assertThat(f.cvssVector()).startsWith("CVSS:3.1/");
		assertThat(f.references()).hasSize(1);

		wm.stubFor(patch(urlEqualTo("/api/findings/f-91827"))
			.withRequestBody(equalToJson("{\"status\":\"false_positive\",\"note\":\"WAF blocks it\"}"))
			.willReturn(okJson("{\"data\":{\"id\":\"f-91827\",\"status\":\"false_positive\",\"note\":\"WAF blocks it\"}}")));
		assertThat(client.updateFindingStatus("f-91827", "false_positive", "WAF blocks it").status())
			.isEqualTo("false_positive");
	}

	@Test
	void pagingIsLazyAndWalksEveryPage() {
		for (int p = 1; p <= 3; p++) {
			String items = p < 3
					? "[{\"scan_id\":\"sc-" + p + "a\",\"status\":\"completed\"},{\"scan_id\":\"sc-" + p
							+ "b\",\"status\":\"completed\"}]"
					: "[{\"scan_id\":\"sc-3a\",\"status\":\"completed\"}]";
			wm.stubFor(get(urlPathEqualTo("/api/scans")).withQueryParam("page", equalTo(String.valueOf(p)))
				.willReturn(okJson("{\"data\":" + items + ",\"meta\":{\"total\":5,\"page\":" + p
						+ ",\"per_page\":2,\"total_pages\":3}}")));
		}
		var stream = client.scans(ScanQuery.fromMap(Map.of("per_page", "2")));
		assertThat(stream.limit(1).map(Scan::id).toList()).containsExactly("sc-1a");
		wm.verify(0, getRequestedFor(urlPathEqualTo("/api/scans")).withQueryParam("page", equalTo("2")));
		assertThat(client.scans(ScanQuery.fromMap(Map.of("per_page", "2"))).map(Scan::id).toList())
			.containsExactly("sc-1a", "sc-1b", "sc-2a", "sc-2b", "sc-3a");
	}

	@Test
	void unknownEnumValuesAndWrongTypesNeverCrash() {
		// Off the contract on purpose: an enum value and types the document does not allow.
		wm.stubFor(get("/api/scan/sc-9").willReturn(okJson("""
				{"data":{"scan_id":"sc-9","status":"paused_by_policy","progress":{"odd":true},"priority":7,
				 "finding_summary":"n/a","tags":null}}""").withHeader(EXEMPT, "wrong types")));
		Scan scan = client.getScan("sc-9");
		assertThat(scan.status()).isEqualTo("paused_by_policy");
		assertThat(scan.progress()).isNull();
		assertThat(scan.priority()).isEqualTo("7");
		assertThat(scan.findingSummary()).isNull();
		wm.stubFor(get("/api/scan/sc-txt/status").willReturn(okJson(
				"{\"scan_id\":\"sc-txt\",\"status\":\"running\",\"progress\":\"40\",\"eta_seconds\":\"12.6\"}")
			.withHeader(EXEMPT, "numbers as text")));
		Scan textual = client.getScanStatus("sc-txt");
		assertThat(textual.progress()).isEqualTo(40);
		assertThat(textual.etaSeconds()).isEqualTo(13);
	}

	@Test
	void scanDetailsCancelAndResultsInTheGuideDialect() {
		String id = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
		wm.stubFor(get("/api/scan/" + id).willReturn(okJson("""
				{"scan_id":"%s","asset_id":"0f8e6c2a-1111-2222-3333-444455556666","scan_type":"web_app",
				 "status":"running","progress":40,"phase":"crawl","created_at":"2026-04-28T14:30:00Z",
				 "started_at":"2026-04-28T14:30:05Z","completed_at":null,"estimated_duration":1200}""".formatted(id))));
		Scan details = client.getScan(id);
		assertThat(details.id()).isEqualTo(id);
		assertThat(details.currentPhase()).isEqualTo("crawl");
		assertThat(details.estimatedDurationSeconds()).isEqualTo(1200);
		assertThat(details.completedAt()).isNull();

		wm.stubFor(post("/api/scan/" + id + "/cancel").willReturn(okJson("""
				{"scan_id":"%s","status":"cancelled","message":"Scan cancelled by user."}""".formatted(id))));
		assertThat(client.cancelScan(id).status()).isEqualTo("cancelled");

		wm.stubFor(get(urlPathEqualTo("/api/scan/" + id + "/results")).withQueryParam("severity", equalTo("high"))
			.withQueryParam("page", equalTo("1"))
			.withQueryParam("per_page", equalTo("25"))
			.willReturn(okJson("""
					{"findings":[{"id":"f-00112233-4455-6677-8899-aabbccddeeff","title":"Reflected XSS",
					 "severity":"high","cvss":7.4,"status":"open","scan_id":"%s",
					 "created_at":"2026-04-28T14:40:00Z"}],"meta":{"total":1,"page":1,"per_page":25}}""".formatted(id))));
		Page<Finding> results = client.scanResults(id, FindingQuery.fromMap(Map.of("severity", "high", "page", 1,
				"per_page", 25)));
		assertThat(results.items()).singleElement().satisfies(f -> {
			assertThat(f.discoveredAt()).isEqualTo("2026-04-28T14:40:00Z");
			assertThat(f.scanId()).isEqualTo(id);
		});
		assertThat(results.meta().perPage()).isEqualTo(25);
	}

	@Test
	void assetAndFindingDetailsAndStatusUpdateInTheGuideDialect() {
		String asset = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
		wm.stubFor(get("/api/assets/" + asset).willReturn(okJson("""
				{"id":"%s","name":"example.com","type":"domain","status":"active","verified":true,
				 "risk_score":75,"tags":["production"]}""".formatted(asset))));
		assertThat(client.getAsset(asset).riskScore()).isEqualTo(75);

		String finding = "f-00112233-4455-6677-8899-aabbccddeeff";
		wm.stubFor(get("/api/findings/" + finding).willReturn(okJson("""
				{"id":"%s","title":"Reflected XSS","severity":"high","cvss":7.4,"status":"open",
				 "asset":{"id":"%s","name":"app.example.com","type":"web_application"},
				 "created_at":"2026-04-28T14:40:00Z","updated_at":"2026-04-28T14:40:00Z"}""".formatted(finding, asset))));
		Finding details = client.getFinding(finding);
		assertThat(details.assetName()).isEqualTo("app.example.com");
		assertThat(details.discoveredAt()).isEqualTo("2026-04-28T14:40:00Z");

		// The guide's vocabulary: "accepted", not "accepted_risk".
		wm.stubFor(patch(urlEqualTo("/api/findings/" + finding)).withRequestBody(equalToJson("{\"status\":\"accepted\"}"))
			.willReturn(okJson("{\"id\":\"" + finding + "\",\"status\":\"accepted\"}")));
		assertThat(client.updateFindingStatus(finding, "accepted", null).status()).isEqualTo("accepted");
	}

	@Test
	void findingsListInTheReferenceDialectWithEveryFilter() {
		wm.stubFor(get(urlPathEqualTo("/api/findings")).withQueryParam("severity", equalTo("critical"))
			.withQueryParam("status", equalTo("confirmed"))
			.withQueryParam("asset_id", equalTo("a-1001"))
			.withQueryParam("scan_id", equalTo("sc-44021"))
			.withQueryParam("cvss_min", equalTo("9.0"))
			.withQueryParam("cvss_max", equalTo("10.0"))
			.withQueryParam("search", equalTo("sql"))
			.withQueryParam("page", equalTo("2"))
			.withQueryParam("per_page", equalTo("100"))
			.withQueryParam("sort_by", equalTo("cvss"))
			.withQueryParam("sort_order", equalTo("asc"))
			.willReturn(okJson("""
					{"data":[{"id":"f-91827","title":"SQL Injection in /api/login","severity":"critical","cvss":9.8,
					 "status":"confirmed","asset":{"id":"a-1001","name":"example.com","type":"domain"},
					 "scan_id":"sc-44021","discovered_at":"2026-04-28T12:05:00Z"}],
					 "meta":{"total":101,"page":2,"per_page":100,"total_pages":2}}""")));
		Page<Finding> page = client.listFindings(new FindingQuery(List.of("critical"), "confirmed", "a-1001",
				"sc-44021", 9.0, 10.0, "sql", 2, 100, "cvss", "asc"));
		assertThat(page.items()).extracting(Finding::status).containsExactly("confirmed");
		assertThat(page.meta().totalPages()).isEqualTo(2);
	}

	// ---- errors

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 400, 401, 403, 404, 409, 429, 500, 502, 503, 504 })
	void everyDocumentedErrorStatusIsOneActionableLine(int status) {
		S4eClient quick = new S4eClient(ClientConfig.of(base(wm.port()), Secret.of(TOKEN))
			.withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10)));
		String body = "{\"status\":\"error\",\"error\":{\"code\":\"e" + status
				+ "\",\"message\":\"Server says\\nno (" + status + ").\"%s}%s}";
		String expected;
		Runnable call;
		switch (status) {
			case 400 -> {
				wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(400)
					.withBody(body.formatted(",\"field\":\"options\"", ""))));
				expected = "because of 'options'";
				call = () -> quick.createScan(CreateScanRequest.of("a-1001", "full"), true);
			}
			case 401 -> {
				wm.stubFor(get(urlPathEqualTo("/api/scans")).willReturn(aResponse().withStatus(401)
					.withBody(body.formatted("", ""))));
				expected = "set S4E_API_TOKEN or run `auth login`";
				call = () -> quick.listScans(ScanQuery.all());
			}
			case 403 -> {
				wm.stubFor(post("/api/scan/sc-1/cancel").willReturn(aResponse().withStatus(403)
					.withBody(body.formatted(",\"required_scope\":\"scan:write\"", ""))));
				expected = "lacks 'scan:write'";
				call = () -> quick.cancelScan("sc-1");
			}
			case 404 -> {
				wm.stubFor(get("/api/findings/f-404").willReturn(aResponse().withStatus(404)
					.withBody(body.formatted("", ""))));
				expected = "Finding f-404 was not found";
				call = () -> quick.getFinding("f-404");
			}
			case 409 -> {
				wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(409)
					.withBody(body.formatted(",\"scan_id\":\"sc-500\"", ",\"scan_id\":\"sc-500\""))));
				expected = "`scan watch sc-500`";
				call = () -> quick.createScan(CreateScanRequest.of("a-1001", "full"), false);
			}
			case 429 -> {
				wm.stubFor(get(urlPathEqualTo("/api/assets")).willReturn(aResponse().withStatus(429)
					.withHeader("Retry-After", "0")
					.withBody(body.formatted(",\"retry_after\":7", ""))));
				expected = "Retry in 7 s";
				call = () -> quick.listAssets(AssetQuery.all());
			}
			default -> {
				wm.stubFor(get("/api/scan/sc-5").willReturn(aResponse().withStatus(status)
					.withBody(body.formatted("", ""))));
				expected = "The server failed (" + status + ") on GET /api/scan/sc-5";
				call = () -> quick.getScan("sc-5");
			}
		}
		assertThatThrownBy(call::run).isInstanceOf(ApiException.class)
			.satisfies(e -> assertThat(((ApiException) e).httpStatus()).isEqualTo(status))
			.hasMessageContaining(expected)
			.hasMessageContaining("Server says no (" + status + ")")
			.satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "..").hasSizeLessThan(300));
	}

	@Test
	void badRequestNamesTheFieldAndAllowedValues() {
		wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(400).withBody("""
				{"status":"error","error":{"code":"invalid_request","message":"scan_type 'deep' is not supported",
				 "field":"scan_type","allowed":["full","quick","ssl"]}}""")));
		assertThatThrownBy(() -> client.createScan(CreateScanRequest.of("a-1001", "deep"), true))
			.isInstanceOf(ApiException.BadRequest.class)
			.hasMessageContaining("scan_type")
			.hasMessageContaining("full, quick, ssl")
			.satisfies(e -> assertThat(((ApiException) e).exitCode()).isEqualTo(3));
		// The client passes the type through for the server to judge; the document would have refused it.
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).containsExactly("validation.request.body.schema.enum");
	}

	@Test
	void unauthorizedSaysHowToSetAToken() {
		wm.stubFor(get(urlPathEqualTo("/api/scans")).willReturn(aResponse().withStatus(401)
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"unauthorized\",\"message\":\"Token expired\"}}")));
		assertThatThrownBy(() -> client.listScans(ScanQuery.all())).isInstanceOf(ApiException.Unauthorized.class)
			.hasMessageContaining("Token expired")
			.hasMessageContaining("S4E_API_TOKEN");
		wm.verify(1, getRequestedFor(urlPathEqualTo("/api/scans")));
	}

	@Test
	void forbiddenNamesTheMissingPermission() {
		wm.stubFor(post("/api/scan/sc-1/cancel").willReturn(aResponse().withStatus(403).withBody("""
				{"status":"error","error":{"code":"forbidden","message":"Token lacks permission",
				 "required_scope":"scan:write"}}""")));
		assertThatThrownBy(() -> client.cancelScan("sc-1")).isInstanceOf(ApiException.Forbidden.class)
			.hasMessageContaining("scan:write");
	}

	@Test
	void notFoundNamesTheId() {
		wm.stubFor(get("/api/scan/sc-404").willReturn(aResponse().withStatus(404).withBody("").withHeader(EXEMPT, "empty body")));
		assertThatThrownBy(() -> client.getScan("sc-404")).isInstanceOf(ApiException.NotFound.class)
			.hasMessageContaining("Scan sc-404 was not found");
	}

	@Test
	void conflictOnCreateAdoptsTheRunningScan() {
		wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(409).withBody("""
				{"status":"error","error":{"code":"scan_in_progress","message":"A scan is already running",
				 "scan_id":"sc-500"},"scan_id":"sc-500"}""")));
		wm.stubFor(get("/api/scan/sc-500").willReturn(okJson("{\"data\":{\"scan_id\":\"sc-500\",\"status\":\"running\"}}")));
		S4eClient.CreateResult result = client.createScan(CreateScanRequest.of("a-1001", "full"), true);
		assertThat(result.adopted()).isTrue();
		assertThat(result.scan().id()).isEqualTo("sc-500");

		assertThatThrownBy(() -> client.createScan(CreateScanRequest.of("a-1001", "full"), false))
			.isInstanceOf(ApiException.Conflict.class)
			.hasMessageContaining("sc-500")
			.satisfies(e -> assertThat(((ApiException.Conflict) e).existingScanId()).isEqualTo("sc-500"));
	}

	@Test
	void cancelOfAFinishedScanIsAClearConflict() {
		// The body names the scan, as a create's 409 does; that must not turn into "already active" advice.
		wm.stubFor(post("/api/scan/sc-2/cancel").willReturn(aResponse().withStatus(409).withBody("""
				{"status":"error","error":{"code":"scan_not_cancellable","message":"Scan sc-2 is completed.",
				 "scan_id":"sc-2"}}""")));
		assertThatThrownBy(() -> client.cancelScan("sc-2")).isInstanceOf(ApiException.Conflict.class)
			.hasMessage("Scan sc-2 cannot be cancelled: it is no longer queued or running (Scan sc-2 is completed).");
	}

	@Test
	void tooManyRequestsWithRetryAfterSecondsIsRetriedAfterTheWait() {
		wm.stubFor(get("/api/scan/sc-1").inScenario("429s").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
				.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0")
				.withBody("{\"status\":\"error\",\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many\",\"retry_after\":1}}"))
			.willSetStateTo("ok"));
		wm.stubFor(get("/api/scan/sc-1").inScenario("429s").whenScenarioStateIs("ok")
			.willReturn(okJson("{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"running\"}}")));
		long start = System.nanoTime();
		assertThat(client.getScan("sc-1").status()).isEqualTo("running");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		wm.verify(2, getRequestedFor(urlEqualTo("/api/scan/sc-1")));
	}

	@Test
	void tooManyRequestsWithRetryAfterAsHttpDateIsHonoured() {
		// RFC 9110's IMF-fixdate: two-digit day (RFC_1123_DATE_TIME would print "Tue, 1 Dec").
		String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0));
		wm.stubFor(get("/api/assets/a-1").inScenario("date").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", date).withBody("""
					{"status":"error","error":{"code":"rate_limited","message":"Too many","retry_after":2}}"""))
			.willSetStateTo("ok"));
		wm.stubFor(get("/api/assets/a-1").inScenario("date").whenScenarioStateIs("ok")
			.willReturn(okJson("{\"data\":{\"id\":\"a-1\"}}")));
		long start = System.nanoTime();
		assertThat(client.getAsset("a-1").id()).isEqualTo("a-1");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(client.retryAfter(date).toMillis()).isBetween(0L, 2000L);
	}

	@Test
	void persistentRateLimitEndsInAClearError() {
		S4eClient quick = new S4eClient(ClientConfig.of(base(wm.port()), Secret.of(TOKEN))
			.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));
		wm.stubFor(get(urlPathEqualTo("/api/findings")).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "0")
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"rate_limited\",\"message\":\"Slow down\",\"retry_after\":23}}")));
		assertThatThrownBy(() -> quick.listFindings(FindingQuery.all())).isInstanceOf(ApiException.RateLimited.class)
			.hasMessageContaining("Retry in 23 s");
		wm.verify(2, getRequestedFor(urlPathEqualTo("/api/findings")));
	}

	@Test
	void serverErrorsAreRetriedThenReported() {
		for (int status : new int[] { 500, 502, 503, 504 }) {
			wm.resetAll();
			wm.stubFor(get("/api/scan/sc-5").inScenario("s" + status).whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(status)
					.withBody("<html><title>Bad Gateway</title></html>")
					.withHeader(EXEMPT, "a gateway's HTML page"))
				.willSetStateTo("ok"));
			wm.stubFor(get("/api/scan/sc-5").inScenario("s" + status).whenScenarioStateIs("ok")
				.willReturn(okJson("{\"data\":{\"scan_id\":\"sc-5\",\"status\":\"queued\"}}")));
			assertThat(client.getScan("sc-5").status()).as("after a %d", status).isEqualTo("queued");
		}
		wm.resetAll();
		wm.stubFor(get("/api/scan/sc-5").willReturn(aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html")
			.withHeader(EXEMPT, "a gateway's HTML page")
			.withBody("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>")));
		assertThatThrownBy(() -> client.getScan("sc-5")).isInstanceOf(ApiException.ServerError.class)
			.hasMessageContaining("502")
			.hasMessageContaining("HTML page titled '502 Bad Gateway'");
		wm.verify(4, getRequestedFor(urlEqualTo("/api/scan/sc-5")));
	}

	@Test
	void emptyErrorBodyStillGivesAClearMessage() {
		wm.stubFor(get("/api/scan/sc-6").willReturn(aResponse().withStatus(500).withHeader(EXEMPT, "empty body")));
		assertThatThrownBy(() -> client.getScan("sc-6")).isInstanceOf(ApiException.ServerError.class)
			.hasMessageStartingWith("The server failed (500) on GET /api/scan/sc-6.");
	}

	@Test
	void postThatChangesStateIsNeverRetried() {
		wm.stubFor(post("/api/scan/sc-7/cancel").willReturn(aResponse().withStatus(503).withHeader(EXEMPT, "empty body")));
		assertThatThrownBy(() -> client.cancelScan("sc-7")).isInstanceOf(ApiException.ServerError.class);
		wm.verify(1, postRequestedFor(urlEqualTo("/api/scan/sc-7/cancel")));
	}

	@Test
	void connectionResetIsRetriedForReads() {
		wm.stubFor(get("/api/scan/sc-8").inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("ok"));
		wm.stubFor(get("/api/scan/sc-8").inScenario("reset").whenScenarioStateIs("ok")
			.willReturn(okJson("{\"data\":{\"scan_id\":\"sc-8\",\"status\":\"running\"}}")));
		assertThat(client.getScan("sc-8").status()).isEqualTo("running");
	}

	@Test
	void persistentResetEndsInANetworkError() {
		wm.stubFor(get("/api/scan/sc-8").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThatThrownBy(() -> client.getScan("sc-8")).isInstanceOf(ApiException.Network.class)
			.hasMessageContaining("Cannot reach");
	}

	@Test
	void malformedJsonIsAClearError() {
		wm.stubFor(get("/api/scan/sc-9").willReturn(okJson("{\"data\": {\"scan_id\": \"sc-9\", ").withHeader(EXEMPT, "cut off")));
		assertThatThrownBy(() -> client.getScan("sc-9")).isInstanceOf(ApiException.MalformedResponse.class)
			.hasMessageContaining("not valid JSON");
		wm.stubFor(get(urlPathEqualTo("/api/scans")).willReturn(okJson("{\"data\": 42}").withHeader(EXEMPT, "no list")));
		assertThatThrownBy(() -> client.listScans(ScanQuery.all())).isInstanceOf(ApiException.MalformedResponse.class)
			.hasMessageContaining("unexpected shape");
		wm.stubFor(get("/api/scan/sc-10").willReturn(aResponse().withStatus(200).withHeader(EXEMPT, "empty body")));
		assertThatThrownBy(() -> client.getScan("sc-10")).isInstanceOf(ApiException.MalformedResponse.class)
			.hasMessageContaining("empty body");
		wm.stubFor(get("/api/scan/sc-11").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		assertThatThrownBy(() -> client.getScan("sc-11")).isInstanceOf(ApiException.class);
	}

	@Test
	void slowBodyTimesOut() {
		S4eClient impatient = new S4eClient(ClientConfig.of(base(wm.port()), Secret.of(TOKEN))
			.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20))
			.withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(3)));
		wm.stubFor(get("/api/scan/sc-slow").willReturn(okJson("{\"data\":{\"scan_id\":\"sc-slow\",\"status\":\"running\"}}")
			.withChunkedDribbleDelay(5, 3000)));
		assertThatThrownBy(() -> impatient.getScan("sc-slow")).isInstanceOf(ApiException.Timeout.class)
			.hasMessageContaining("127.0.0.1:" + wm.port())
			.hasMessageContaining("0.4 s");
	}

	// ---- the contract itself

	@Test
	void requestsTheDocumentForbidsAreReported() throws Exception {
		wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
			.willReturn(okJson("{}").withHeader(EXEMPT, "any answer will do")));
		// The client's own HTTP stack (its auth interceptor adds the token), driven past the client's methods.
		okhttp3.OkHttpClient http = client.http().newBuilder().callTimeout(Duration.ofSeconds(20)).build();
		okhttp3.MediaType json = okhttp3.MediaType.get("application/json");
		String base = base(wm.port());

		send(http, new okhttp3.Request.Builder().url(base + "/api/scans?status=running&limit=5").get());
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).containsExactly(
				"validation.request.parameter.query.unexpected");

		send(http, new okhttp3.Request.Builder().url(base + "/api/scan/create")
			.post(okhttp3.RequestBody.create("{\"asset\":\"a-1\",\"type\":\"full\"}", json)));
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).contains("validation.request.body.schema.required",
				"validation.request.body.schema.additionalProperties");

		send(http, new okhttp3.Request.Builder().url(base + "/api/findings/f-1")
			.patch(okhttp3.RequestBody.create("{\"status\":\"fixed\"}", json)));
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).containsExactly("validation.request.body.schema.enum");

		send(http, new okhttp3.Request.Builder().url(base + "/api/scan/sc-1").delete());
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).containsExactly(
				"validation.request.operation.notAllowed");

		send(new okhttp3.OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build(),
				new okhttp3.Request.Builder().url(base + "/api/scans").get());
		assertThat(OpenApiContract.errorKeys(wm.takeReport())).containsExactly("validation.request.security.missing");

		// The same call made the client's way passes.
		wm.stubFor(get(urlPathEqualTo("/api/scans")).willReturn(okJson("{\"data\":[],\"meta\":{\"total\":0}}")));
		client.listScans(ScanQuery.fromMap(Map.of("status", "running")));
		assertThat(wm.takeReport().hasErrors()).isFalse();
	}

	private static void send(okhttp3.OkHttpClient http, okhttp3.Request.Builder request) throws Exception {
		try (okhttp3.Response ignored = http.newCall(request.header("Accept", "application/json").build()).execute()) {
			// Only what reached the server matters here.
		}
	}

	// ---- transport rules

	@Test
	void redirectToAnotherOriginCarriesNoCredentials() {
		wm.stubFor(get("/api/assets/a-1")
			.willReturn(aResponse().withStatus(302)
				.withHeader("Location", base(other.getPort()) + "/api/assets/a-1")
				.withHeader(EXEMPT, "a redirect the API does not document")));
		other.stubFor(get("/api/assets/a-1").willReturn(okJson("{\"data\":{\"id\":\"a-1\"}}")));
		assertThat(client.getAsset("a-1").id()).isEqualTo("a-1");
		other.verify(1, getRequestedFor(urlEqualTo("/api/assets/a-1")).withHeader("Authorization", absent())
			.withHeader("X-API-Key", absent()));
		wm.verify(1, getRequestedFor(urlEqualTo("/api/assets/a-1")).withHeader("Authorization",
				equalTo("Bearer " + TOKEN)));
	}

	@Test
	void apiKeySchemeSendsTheDocumentedHeaderOnly() {
		S4eClient keyed = new S4eClient(ClientConfig.of(base(wm.port()), Secret.of(TOKEN)).withAuthScheme(AuthScheme.API_KEY));
		wm.stubFor(get("/api/assets/a-2").willReturn(okJson("{\"data\":{\"id\":\"a-2\"}}")));
		keyed.getAsset("a-2");
		wm.verify(1, getRequestedFor(urlEqualTo("/api/assets/a-2")).withHeader("X-API-Key", equalTo(TOKEN))
			.withHeader("Authorization", absent()));
	}

	@Test
	void tokenIsNeverSentOverPlainHttpToARemoteHost() {
		assertThatThrownBy(() -> ClientConfig.of("http://api.s4e.io", Secret.of(TOKEN)))
			.isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("https");
		assertThat(ClientConfig.of("http://127.0.0.1:1", Secret.of(TOKEN)).baseUrl().getHost()).isEqualTo("127.0.0.1");
	}

	@Test
	void idsCannotEscapeTheirPathSegment() {
		wm.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/api/scan/.*")).willReturn(aResponse().withStatus(404)));
		assertThatThrownBy(() -> client.getScan("../assets")).isInstanceOf(ApiException.NotFound.class);
		wm.verify(1, getRequestedFor(urlEqualTo("/api/scan/..%2Fassets")));
		// The validator decodes %2F before matching paths, so it sees /api/scan/../assets: a limit of the tool,
		// not of the request, which kept the ID in one segment.
		assertThat(wm.takeReport().getMessages()).singleElement()
			.satisfies(m -> assertThat(m.getKey()).isEqualTo("validation.request.path.missing"));
	}

	// ---- ambiguous create

	@Test
	void createWhoseConnectionDropsAfterSendingIsAdoptedThroughConflict() {
		wm.stubFor(post("/api/scan/create").inScenario("drop").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("created"));
		wm.stubFor(post("/api/scan/create").inScenario("drop").whenScenarioStateIs("created")
			.willReturn(aResponse().withStatus(409).withBody("""
					{"status":"error","error":{"code":"scan_in_progress","message":"A scan is already queued",
					 "scan_id":"sc-777"},"scan_id":"sc-777"}""")));
		wm.stubFor(get("/api/scan/sc-777").willReturn(okJson("{\"data\":{\"scan_id\":\"sc-777\",\"status\":\"queued\"}}")));
		S4eClient.CreateResult result = client.createScan(CreateScanRequest.of("a-1001", "full"), false);
		assertThat(result.scan().id()).isEqualTo("sc-777");
		assertThat(result.adopted()).isTrue();
		// The first request created the scan; the second only learned its ID. Never a third.
		wm.verify(2, postRequestedFor(urlEqualTo("/api/scan/create")));
	}

	@Test
	void createToADeadServerIsNotRepeated() {
		S4eClient dead = new S4eClient(ClientConfig.of("http://127.0.0.1:1", Secret.of(TOKEN)));
		assertThatThrownBy(() -> dead.createScan(CreateScanRequest.of("a-1", "quick"), true))
			.isInstanceOf(ApiException.Network.class)
			.hasMessageContaining("connection refused");
	}

}
