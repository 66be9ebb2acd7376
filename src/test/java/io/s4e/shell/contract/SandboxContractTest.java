package io.s4e.shell.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.sandbox.ManualClock;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxDialect;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * Every endpoint of the sandbox, in both dialects, success and error answers alike, and every event on its stream,
 * checked against the OpenAPI document: what the sandbox emits is what the contract allows.
 */
class SandboxContractTest {

	static final ObjectMapper JSON = new ObjectMapper();

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	/** Event types the sandbox sends that the documentation does not list (the stream's table is cut off). */
	static final Set<String> UNDOCUMENTED_EVENT_TYPES = Set.of("scan.cancelled");

	final OpenApiContract contract = OpenApiContract.server();

	final List<String> checked = new ArrayList<>();

	SandboxServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void everyAnswerAndEventKeepsTheContract(SandboxDialect dialect) throws Exception {
		ManualClock clock = ManualClock.atDocumentationEpoch();
		server = SandboxServer.start(SandboxConfig.builder()
			.dialect(dialect)
			.clock(clock)
			.tickInterval(Duration.ZERO)
			.heartbeatInterval(Duration.ofMillis(200))
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.token("s4e_live_reader_only", "read:scans", "read:assets", "read:findings")
			.build());
		String token = server.token();
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		var stream = HTTP.sendAsync(request("GET", "/api/events/stream", token, null)
			.header("Accept", "text/event-stream")
			.build(), HttpResponse.BodyHandlers.ofLines());
		HttpResponse<Stream<String>> opened = stream.get(5, TimeUnit.SECONDS);
		Thread reader = new Thread(() -> opened.body().forEach(frames::add), "sse-reader");
		reader.setDaemon(true);
		reader.start();
		// The stream never ends: its status, headers and first line stand for the answer.
		check("GET", "/api/events/stream", opened.statusCode(), opened.headers().map(), frames.poll(5, TimeUnit.SECONDS));

		JsonNode assets = call("GET", "/api/assets?type=domain&status=active&tag=production&search=example"
				+ "&page=1&per_page=5&sort_by=risk_score&sort_order=asc", token, null);
		List<JsonNode> assetList = items(assets, "data");
		assertThat(assetList).hasSizeGreaterThanOrEqualTo(2);
		String assetId = assetList.get(0).path("id").asText();
		String otherAssetId = assetList.get(1).path("id").asText();
		call("GET", "/api/assets/" + assetId, token, null);

		JsonNode created = call("POST", "/api/scan/create", token,
				"{\"asset_id\":\"" + assetId + "\",\"scan_type\":\"quick\",\"priority\":\"high\"}");
		String scanId = unwrap(created).path("scan_id").asText();
		call("POST", "/api/scan/create", token, "{\"asset_id\":\"" + assetId + "\",\"scan_type\":\"full\"}");
		call("GET", "/api/scans?status=queued&asset_id=" + assetId + "&scan_type=quick&from=2026-01-01&to="
				+ "2030-01-01T00:00:00Z&page=1&per_page=10", token, null);
		call("GET", "/api/scan/" + scanId, token, null);
		call("GET", "/api/scan/" + scanId + "/status", token, null);

		JsonNode cancelled = call("POST", "/api/scan/create", token,
				"{\"asset_id\":\"" + otherAssetId + "\",\"scan_type\":\"full\",\"options\":{\"max_depth\":3}}");
		String cancelledId = unwrap(cancelled).path("scan_id").asText();
		clock.advance(Duration.ofSeconds(5));
		call("POST", "/api/scan/" + cancelledId + "/cancel", token, null);
		call("POST", "/api/scan/" + cancelledId + "/cancel", token, null);
		call("GET", "/api/scan/" + cancelledId + "/results", token, null);

		for (int i = 0; i < 12; i++) {
			clock.advance(Duration.ofSeconds(10));
			server.tick();
			call("GET", "/api/scan/" + scanId + "/status", token, null);
		}
		call("GET", "/api/scan/" + scanId, token, null);
		JsonNode results = call("GET", "/api/scan/" + scanId + "/results?severity=critical,high,medium,low,info"
				+ "&page=1&per_page=100", token, null);
		JsonNode findings = call("GET", "/api/findings?severity=critical,high&status=open&asset_id=" + assetId
				+ "&cvss_min=0&cvss_max=10&search=a&page=1&per_page=100&sort_by=cvss&sort_order=desc", token, null);
		call("GET", "/api/findings?scan_id=" + scanId, token, null);
		String findingId = items(results, dialect == SandboxDialect.REFERENCE ? "data" : "findings").get(0)
			.path("id")
			.asText();
		call("GET", "/api/findings/" + findingId, token, null);
		call("PATCH", "/api/findings/" + findingId, token, "{\"status\":\"false_positive\",\"note\":\"WAF blocks it\"}");
		assertThat(findings).isNotNull();

		// Error answers: each must be the documented error body with the rate-limit headers.
		call("GET", "/api/scan/no-such-scan", token, null);
		call("GET", "/api/findings/no-such-finding/", token, null);
		call("GET", "/api/scans?per_page=500", token, null);
		call("POST", "/api/scan/create", token, "{\"asset_id\":\"" + assetId + "\",\"scan_type\":\"deep\"}");
		call("POST", "/api/scan/create", token, "{\"asset_id\":\"no-such-asset\",\"scan_type\":\"quick\"}");
		call("GET", "/api/scans", null, null);
		call("GET", "/api/scans", "s4e_live_wrong", null);
		call("POST", "/api/scan/create", "s4e_live_reader_only",
				"{\"asset_id\":\"" + otherAssetId + "\",\"scan_type\":\"quick\"}");
		call("DELETE", "/api/scans", token, null);

		assertThat(checked).hasSizeGreaterThan(30);

		// The stream: every documented event's payload matches its schema.
		Set<String> seen = new LinkedHashSet<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		String type = null;
		while (System.nanoTime() < deadline && !(seen.contains("scan.completed") && seen.contains("heartbeat")
				&& seen.contains("finding.status_changed"))) {
			String line = frames.poll(200, TimeUnit.MILLISECONDS);
			if (line == null) {
				continue;
			}
			if (line.startsWith("event:")) {
				type = line.substring(6).trim();
			}
			else if (line.startsWith("data:") && type != null) {
				seen.add(type);
				String data = line.substring(5).trim();
				var schema = contract.eventSchema(type);
				if (schema.isPresent()) {
					OpenApiContract.assertValid(contract.validateSchema(schema.get(), data, "event"),
							"event " + type + " " + data);
				}
				else {
					assertThat(UNDOCUMENTED_EVENT_TYPES).as("event type %s is in no schema of the document", type)
						.contains(type);
				}
			}
		}
		assertThat(seen).contains("scan.created", "scan.progress", "scan.completed", "finding.new",
				"finding.status_changed", "heartbeat");
	}

	private HttpRequest.Builder request(String method, String path, String token, String body) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		return b;
	}

	/** Sends one request and checks the answer against the document; returns the parsed body. */
	private JsonNode call(String method, String path, String token, String body) throws IOException,
			InterruptedException {
		HttpResponse<String> response = HTTP.send(request(method, path, token, body).build(),
				HttpResponse.BodyHandlers.ofString());
		check(method, path, response.statusCode(), response.headers().map(), response.body());
		return response.body().isEmpty() ? null : JSON.readTree(response.body());
	}

	private void check(String method, String path, int status, java.util.Map<String, List<String>> headers,
			String body) {
		String rawPath = URI.create(server.baseUrl() + path).getRawPath();
		OpenApiContract.assertValid(contract.validateResponse(method, rawPath, status, headers, body),
				method + " " + path + " -> " + status + " " + body);
		checked.add(method + " " + path + " " + status);
	}

	private static JsonNode unwrap(JsonNode body) {
		return body.has("data") ? body.get("data") : body;
	}

	private static List<JsonNode> items(JsonNode page, String key) {
		List<JsonNode> out = new ArrayList<>();
		page.path(key).forEach(out::add);
		return out;
	}

}
