package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.AssetQuery;
import io.s4e.shell.api.AuthScheme;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.EventStream;
import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ServerEvent;

/**
 * The shell's API client against the live sandbox, in both dialects: every endpoint, paging over all pages, the
 * error statuses and a cancel with partial results. Client and sandbox share one manual clock: the client's waits
 * (poll pacing, rate-limit pacing) move it, so nothing sleeps.
 */
class SandboxClientTest {

	private final ManualClock clock = ManualClock.atDocumentationEpoch();

	/** The client's time: reads the sandbox clock, and waiting advances it. */
	private final TimeSource time = new TimeSource() {
		@Override
		public long millis() {
			return clock.millis();
		}

		@Override
		public void sleep(long millis) {
			if (millis > 0) {
				clock.advance(Duration.ofMillis(millis));
			}
		}
	};

	private SandboxServer server;

	/** The client talks to the sandbox through this, so every answer it gets is checked against the contract. */
	private ContractCheckingProxy proxy;

	private final java.util.ArrayList<S4eClient> clients = new java.util.ArrayList<>();

	@AfterEach
	void stop() {
		clients.forEach(S4eClient::close);
		if (proxy != null) {
			proxy.close();
			assertThat(proxy.violations()).as("answers that broke the OpenAPI contract").isEmpty();
		}
		if (server != null) {
			server.stop();
		}
	}

	private S4eClient start(SandboxConfig.Builder config) throws Exception {
		server = SandboxServer.start(config.build());
		proxy = new ContractCheckingProxy(server.baseUrl());
		return client(server.token(), AuthScheme.BEARER, 3);
	}

	private S4eClient client(String token, AuthScheme scheme, int attempts) {
		return client(proxy.baseUrl(), token, scheme, attempts);
	}

	private S4eClient client(String baseUrl, String token, AuthScheme scheme, int attempts) {
		S4eClient client = new S4eClient(ClientConfig.of(baseUrl, Secret.of(token))
			.withAuthScheme(scheme)
			.withRetries(attempts, Duration.ofMillis(10), Duration.ofMillis(50))
			.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60)), time);
		clients.add(client);
		return client;
	}

	private static String assetNamed(S4eClient client, String name) {
		return client.assets(AssetQuery.all()).filter(a -> a.name().equals(name)).findFirst().orElseThrow().id();
	}

	private static String acceptedStatus(SandboxDialect dialect) {
		return dialect == SandboxDialect.REFERENCE ? "accepted_risk" : "accepted";
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void everyEndpointWithPagingOverAllPagesAndCancelKeepingPartialResults(SandboxDialect dialect) throws Exception {
		S4eClient client = start(SandboxTesting.manual(clock).dialect(dialect));

		// Assets: every page of 7, then the details of one.
		Page<Asset> firstAssets = client.listAssets(new AssetQuery(null, null, null, null, 1, 7, "name", "asc"));
		int assetTotal = firstAssets.meta().total();
		assertThat(assetTotal).isGreaterThanOrEqualTo(25);
		assertThat(firstAssets.items()).hasSize(7);
		long before = client.requests().count("GET assets");
		List<Asset> allAssets = client.assets(new AssetQuery(null, null, null, null, null, 7, "name", "asc")).toList();
		assertThat(client.requests().count("GET assets") - before).isEqualTo((assetTotal + 6) / 7);
		assertThat(allAssets).hasSize(assetTotal).extracting(Asset::id).doesNotHaveDuplicates();
		assertThat(allAssets).extracting(Asset::name).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
		assertThat(client.assets(AssetQuery.fromMap(Map.of("type", "network"))).toList()).isNotEmpty()
			.allSatisfy(a -> assertThat(a.type()).isEqualTo("network"));
		String assetId = assetNamed(client, "example.com");
		Asset asset = client.getAsset(assetId);
		assertThat(asset.name()).isEqualTo("example.com");
		assertThat(asset.riskScore()).isBetween(0, 100);
		assertThat(asset.findingSummary()).isNotNull();
		assertThat(asset.metadata()).containsKey("technologies");

		// Scans and findings of the seeded history: every page.
		int scanTotal = client.listScans(ScanQuery.all()).meta().total();
		List<Scan> allScans = client.scans(ScanQuery.fromMap(Map.of("per_page", 5))).toList();
		assertThat(allScans).hasSize(scanTotal).extracting(Scan::id).doesNotHaveDuplicates();
		int findingTotal = client.listFindings(FindingQuery.all()).meta().total();
		assertThat(findingTotal).isGreaterThan(40);
		List<Finding> allFindings = client.findings(FindingQuery.fromMap(Map.of("per_page", 9))).toList();
		assertThat(allFindings).hasSize(findingTotal).extracting(Finding::id).doesNotHaveDuplicates();

		// A scan: create, details, status while it runs, cancel, partial results.
		S4eClient.CreateResult created = client.createScan(new CreateScanRequest(assetId, "full", "high",
				Map.of("depth", "deep", "include_subdomains", true), null), false);
		assertThat(created.adopted()).isFalse();
		Scan scan = created.scan();
		assertThat(scan.status()).isEqualTo("queued");
		assertThat(scan.estimatedDurationSeconds()).isEqualTo(dialect == SandboxDialect.REFERENCE ? 60 : 45);
		Scan details = client.getScan(scan.id());
		assertThat(details.assetName()).isEqualTo("example.com");
		assertThat(details.priority()).isEqualTo("high");
		assertThat(details.options()).containsEntry("depth", "deep");

		clock.advance(Duration.ofSeconds(2 + 27));
		Scan running = client.getScanStatus(scan.id());
		assertThat(running.status()).isEqualTo("running");
		assertThat(running.progress()).isEqualTo(60);
		assertThat(running.currentPhase()).isEqualTo("web_vulnerability_checks");
		assertThat(running.etaSeconds()).isEqualTo(18);
		// Polling again at once waits the documented second, on the shared clock.
		long polledAt = clock.millis();
		client.getScanStatus(scan.id());
		assertThat(clock.millis() - polledAt).isGreaterThanOrEqualTo(1000);

		List<Finding> partial = client.allScanResults(scan.id(), FindingQuery.all()).toList();
		assertThat(partial).isNotEmpty();
		Scan cancelled = client.cancelScan(scan.id());
		assertThat(cancelled.status()).isEqualTo("cancelled");
		assertThat(cancelled.message()).isEqualTo("Scan cancelled by user.");
		clock.advance(Duration.ofMinutes(2));
		Scan after = client.getScan(scan.id());
		assertThat(after.status()).isEqualTo("cancelled");
		assertThat(after.isTerminal()).isTrue();
		assertThat(after.findingSummary().total()).isEqualTo(partial.size());
		List<Finding> kept = client.allScanResults(scan.id(), FindingQuery.fromMap(Map.of("per_page", 2))).toList();
		assertThat(kept).extracting(Finding::id).containsExactlyInAnyOrderElementsOf(
				partial.stream().map(Finding::id).toList());
		List<String> severe = List.of("critical", "high");
		assertThat(client.scanResults(scan.id(), FindingQuery.severities(severe)).items())
			.allSatisfy(f -> assertThat(f.severity()).isIn(severe));
		assertThat(client.listScans(ScanQuery.fromMap(Map.of("status", "cancelled", "asset_id", assetId))).items())
			.extracting(Scan::id)
			.containsExactly(scan.id());

		// Findings: filtered list, details, status update.
		Page<Finding> ofScan = client.listFindings(FindingQuery.fromMap(Map.of("scan_id", scan.id())));
		assertThat(ofScan.meta().total()).isEqualTo(partial.size());
		Finding finding = client.getFinding(ofScan.items().get(0).id());
		assertThat(finding.cvssVector()).startsWith("CVSS:3.1/");
		assertThat(finding.cwe()).startsWith("CWE-");
		assertThat(finding.remediation()).isNotBlank();
		assertThat(finding.assetId()).isEqualTo(assetId);
		assertThat(finding.scanId()).isEqualTo(scan.id());
		assertThat(finding.discoveredAt()).isNotBlank();
		Finding triaged = client.updateFindingStatus(finding.id(), acceptedStatus(dialect), "accepted for Q3");
		assertThat(triaged.status()).isEqualTo(acceptedStatus(dialect));
		assertThat(triaged.note()).isEqualTo("accepted for Q3");
		assertThat(client.getFinding(finding.id()).status()).isEqualTo(acceptedStatus(dialect));

		// X-API-Key works like Bearer.
		assertThat(client(server.token(), AuthScheme.API_KEY, 1).getScan(scan.id()).status()).isEqualTo("cancelled");
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void errorStatusesBecomeTheirTypedExceptions(SandboxDialect dialect) throws Exception {
		S4eClient client = start(SandboxTesting.manual(clock).dialect(dialect));
		String busy = assetNamed(client, "api.example.com");
		server.addToken("s4e_reader", "read:scans", "read:assets", "read:findings");

		// 404
		assertThatThrownBy(() -> client.getScan("sc-1")).isInstanceOf(ApiException.NotFound.class)
			.hasMessageContaining("sc-1");
		assertThatThrownBy(() -> client.getAsset("nope")).isInstanceOf(ApiException.NotFound.class);
		assertThatThrownBy(() -> client.getFinding("nope")).isInstanceOf(ApiException.NotFound.class);
		assertThatThrownBy(() -> client.createScan(CreateScanRequest.of("a-9999", "quick"), false))
			.isInstanceOf(ApiException.NotFound.class);

		// 400 names the field and the allowed values
		assertThatThrownBy(() -> client.createScan(CreateScanRequest.of(busy, "deep"), false))
			.isInstanceOfSatisfying(ApiException.BadRequest.class, e -> {
				assertThat(e.field()).isEqualTo("scan_type");
				assertThat(e.getMessage()).contains("full", "quick", "api_discovery");
			});

		// 409: a second scan on a busy asset names the active one, which the client can adopt
		Scan first = client.createScan(CreateScanRequest.of(busy, "full"), false).scan();
		assertThatThrownBy(() -> client.createScan(CreateScanRequest.of(busy, "quick"), false))
			.isInstanceOfSatisfying(ApiException.Conflict.class,
					e -> assertThat(e.existingScanId()).isEqualTo(first.id()));
		S4eClient.CreateResult adopted = client.createScan(CreateScanRequest.of(busy, "quick"), true);
		assertThat(adopted.adopted()).isTrue();
		assertThat(adopted.scan().id()).isEqualTo(first.id());
		client.cancelScan(first.id());
		assertThatThrownBy(() -> client.cancelScan(first.id())).isInstanceOf(ApiException.Conflict.class)
			.hasMessageContaining("no longer queued or running");

		// 403: a read-only token reads, but may not create, cancel or triage
		S4eClient reader = client("s4e_reader", AuthScheme.BEARER, 1);
		assertThat(reader.getScan(first.id()).status()).isEqualTo("cancelled");
		assertThatThrownBy(() -> reader.createScan(CreateScanRequest.of(busy, "quick"), false))
			.isInstanceOfSatisfying(ApiException.Forbidden.class, e -> {
				assertThat(e.httpStatus()).isEqualTo(403);
				assertThat(e.getMessage()).contains("scan:write");
			});
		Scan second = client.createScan(CreateScanRequest.of(busy, "quick"), false).scan();
		assertThatThrownBy(() -> reader.cancelScan(second.id())).isInstanceOf(ApiException.Forbidden.class);
		String findingId = reader.listFindings(FindingQuery.all()).items().get(0).id();
		assertThatThrownBy(() -> reader.updateFindingStatus(findingId, "resolved", null))
			.isInstanceOf(ApiException.Forbidden.class)
			.hasMessageContaining("findings:write");

		// 401: a token the server does not know
		S4eClient stranger = client("s4e_live_unknown_token", AuthScheme.BEARER, 1);
		assertThatThrownBy(() -> stranger.listScans(ScanQuery.all())).isInstanceOf(ApiException.Unauthorized.class)
			.hasMessageNotContaining("s4e_live_unknown_token");
		assertThatThrownBy(() -> client("s4e_live_unknown_token", AuthScheme.API_KEY, 1).getAsset(busy))
			.isInstanceOf(ApiException.Unauthorized.class);
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void rateLimitsPaceTheClientAndA429TellsWhenToRetry(SandboxDialect dialect) throws Exception {
		S4eClient client = start(SandboxTesting.manual(clock).dialect(dialect)
			.createRateLimit(SandboxRateLimit.perMinute(2))
			.tierRateLimit(new SandboxRateLimit(60, 5)));
		List<String> assets = client.assets(AssetQuery.fromMap(Map.of("status", "active"))).map(Asset::id).toList();
		// The client learns the create limit from the headers and waits for the refill instead of collecting 429s.
		long start = clock.millis();
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			created.add(client.createScan(CreateScanRequest.of(assets.get(i), "quick"), false).scan().id());
		}
		assertThat(created).hasSize(4);
		assertThat(clock.millis() - start).as("two creations waited for the 2/min refill")
			.isGreaterThanOrEqualTo(30_000);

		// Clients that have not seen the headers run into the bucket (the paced client left one create in
		// reserve) and are told when to retry: within one refill, 30 s at 2 a minute.
		ApiException.RateLimited refused = null;
		for (int i = 4; i < 7 && refused == null; i++) {
			try {
				created.add(client(server.token(), AuthScheme.BEARER, 1)
					.createScan(CreateScanRequest.of(assets.get(i), "quick"), false)
					.scan()
					.id());
			}
			catch (ApiException.RateLimited e) {
				refused = e;
			}
		}
		assertThat(refused).as("the create limit of 2 a minute never refused").isNotNull();
		assertThat(refused.httpStatus()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("rate_limited");
		assertThat(refused.retryAfterSeconds()).isBetween(1L, 30L);
		for (int i = 0; i < 10; i++) {
			try {
				client(server.token(), AuthScheme.BEARER, 1).listScans(ScanQuery.all());
			}
			catch (ApiException.RateLimited e) {
				assertThat(e.retryAfterSeconds()).isPositive();
				assertThat(client.listScans(ScanQuery.fromMap(Map.of("from", "2026-04-28T12:00:00Z"))).meta().total())
					.as("the paced client still gets through").isEqualTo(created.size());
				return;
			}
		}
		throw new AssertionError("the tier limit of 5 never refused a request");
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void eventStreamDeliversFilteredEventsToTheClient(SandboxDialect dialect) throws Exception {
		start(SandboxTesting.manual(clock).dialect(dialect));
		// Straight to the sandbox: the checking proxy would buffer the stream (its payloads are checked elsewhere).
		S4eClient client = client(server.baseUrl(), server.token(), AuthScheme.BEARER, 3);
		String assetId = assetNamed(client, "shop.example.com");
		String otherAsset = assetNamed(client, "staging.example.com");
		BlockingQueue<ServerEvent> received = new LinkedBlockingQueue<>();
		BlockingQueue<String> opened = new LinkedBlockingQueue<>();
		try (EventStream stream = client.events(new EventStream.Filter(List.of("scan.created", "scan.completed"),
				assetId), new EventStream.Listener() {
					@Override
					public void onEvent(ServerEvent event) {
						received.add(event);
					}

					@Override
					public void onOpen() {
						opened.add("open");
					}

					@Override
					public void onGiveUp(String reason) {
						opened.add("gave up: " + reason);
					}
				})) {
			assertThat(opened.poll(10, TimeUnit.SECONDS)).isEqualTo("open");
			client.createScan(CreateScanRequest.of(otherAsset, "quick"), false);
			Scan scan = client.createScan(CreateScanRequest.of(assetId, "quick"), false).scan();
			clock.advance(Duration.ofSeconds(30));
			client.getScan(scan.id());
			ServerEvent createdEvent = received.poll(10, TimeUnit.SECONDS);
			ServerEvent completedEvent = received.poll(10, TimeUnit.SECONDS);
			assertThat(createdEvent).isNotNull();
			assertThat(completedEvent).isNotNull();
			assertThat(createdEvent.event()).isEqualTo("scan.created");
			assertThat(createdEvent.data()).containsEntry("scan_id", scan.id()).containsEntry("asset_id", assetId);
			assertThat(completedEvent.event()).isEqualTo("scan.completed");
			assertThat(completedEvent.data()).containsEntry("scan_id", scan.id()).containsKey("finding_count");
			assertThat(stream.lastEventId()).isEqualTo(completedEvent.id());
			assertThat(received).isEmpty();
		}
	}

}
