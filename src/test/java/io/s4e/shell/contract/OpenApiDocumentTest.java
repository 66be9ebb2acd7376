package io.s4e.shell.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;

import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * The document itself: it parses cleanly, admits every example of the published documentation in both dialects,
 * and refuses what the documentation rules out.
 */
class OpenApiDocumentTest {

	static final OpenApiContract CONTRACT = OpenApiContract.server();

	static final Map<String, List<String>> RATE_HEADERS = Map.of("X-RateLimit-Limit", List.of("100"),
			"X-RateLimit-Remaining", List.of("99"), "X-RateLimit-Reset", List.of("1714305660"), "Content-Type",
			List.of("application/json"));

	static ValidationReport response(String method, String path, int status, String body) {
		return CONTRACT.validateResponse(method, path, status, RATE_HEADERS, body);
	}

	static ValidationReport response(String method, String path, int status, Map<String, List<String>> headers,
			String body) {
		return CONTRACT.validateResponse(method, path, status, headers, body);
	}

	@Test
	void parsesWithoutMessagesAndCoversEveryEndpoint() {
		var result = new OpenAPIV3Parser().readContents(OpenApiContract.document(), null, null);
		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
		assertThat(result.getOpenAPI().getPaths()).containsOnlyKeys("/api/scan/create", "/api/scans",
				"/api/scan/{id}", "/api/scan/{id}/status", "/api/scan/{id}/cancel", "/api/scan/{id}/results",
				"/api/assets", "/api/assets/{id}", "/api/findings", "/api/findings/{id}", "/api/events/stream");
		assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("bearerAuth",
				"apiKeyHeader");
	}

	// ---- the documentation's own examples

	@Test
	void referenceExamplesValidate() {
		assertValid(response("POST", "/api/scan/create", 201, """
				{"data":{"scan_id":"sc-44021","asset_id":"a-1001","scan_type":"full","status":"queued",
				 "priority":"high","created_at":"2026-04-28T12:00:00Z","estimated_duration_minutes":15}}"""));
		assertValid(response("GET", "/api/scan/sc-44021", 200, """
				{"data":{"scan_id":"sc-44021","asset_id":"a-1001","asset_name":"example.com","scan_type":"full",
				 "status":"completed","priority":"high","progress":100,
				 "finding_summary":{"critical":1,"high":2,"medium":5,"low":3,"info":10},
				 "started_at":"2026-04-28T12:00:30Z","completed_at":"2026-04-28T12:14:22Z","duration_seconds":832,
				 "created_at":"2026-04-28T12:00:00Z"}}"""));
		assertValid(response("GET", "/api/scan/sc-44021/status", 200, """
				{"data":{"scan_id":"sc-44021","status":"running","progress":65,
				 "current_phase":"web_vulnerability_checks","eta_seconds":290}}"""));
		assertValid(response("POST", "/api/scan/sc-44021/cancel", 200, """
				{"data":{"scan_id":"sc-44021","status":"cancelled","message":"Scan cancelled by user."}}"""));
		assertValid(response("GET", "/api/scan/sc-44021/results", 200, """
				{"data":[{"id":"f-91827","title":"SQL Injection in /api/login","severity":"critical","cvss":9.8,
				 "status":"open","description":"User input is passed directly to SQL query.",
				 "remediation":"Use parameterized queries.","discovered_at":"2026-04-28T12:05:00Z"}],
				 "meta":{"total":3,"page":1,"per_page":20}}"""));
		assertValid(response("GET", "/api/assets", 200, """
				{"data":[{"id":"a-1001","name":"example.com","type":"domain","status":"active","verified":true,
				 "risk_score":72,"tags":["production"],"last_scan":"2026-04-28T12:14:22Z",
				 "created_at":"2026-01-15T09:00:00Z"}],"meta":{"total":1,"page":1,"per_page":20,"total_pages":1}}"""));
		assertValid(response("GET", "/api/assets/a-1001", 200, """
				{"data":{"id":"a-1001","name":"example.com","type":"domain","status":"active","verified":true,
				 "metadata":{"registrar":"Example Registrar","ip_addresses":["93.184.216.34"],"technologies":["nginx"]},
				 "finding_summary":{"critical":1,"high":2,"medium":5,"low":3,"info":10},
				 "updated_at":"2026-04-28T12:14:22Z"}}"""));
		assertValid(response("GET", "/api/findings/f-91827", 200, """
				{"data":{"id":"f-91827","title":"SQL Injection","severity":"critical","cvss":9.8,
				 "cvss_vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","status":"confirmed",
				 "asset":{"id":"a-1001","name":"example.com","type":"domain"},"scan_id":"sc-44021",
				 "references":["https://owasp.org/www-community/attacks/SQL_Injection"],
				 "discovered_at":"2026-04-28T12:05:00Z","updated_at":"2026-04-28T12:05:00Z"}}"""));
	}

	@Test
	void guideExamplesValidate() {
		assertValid(response("POST", "/api/scan/create", 201, """
				{"scan_id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","status":"queued",
				 "created_at":"2026-04-28T14:30:00Z","estimated_duration":1200}"""));
		assertValid(response("POST", "/api/scan/create", 201,
				"{\"scan_id\":\"a1b2c3d4\",\"status\":\"queued\",\"estimated_duration\":null}"));
		assertValid(response("GET", "/api/scan/a1b2c3d4/status", 200,
				"{\"scan_id\":\"a1b2c3d4\",\"status\":\"running\",\"progress\":40,\"phase\":\"crawl\"}"));
		assertValid(response("GET", "/api/findings", 200, """
				{"findings":[{"id":"f-00112233-4455-6677-8899-aabbccddeeff","title":"XSS","severity":"high",
				 "cvss":7.4,"status":"accepted","asset":{"id":"a1","name":"app.example.com","type":"web_application"},
				 "scan_id":"s-aabbccdd","created_at":"2026-04-28T12:05:00Z","updated_at":"2026-04-28T12:05:00Z"}]}"""));
		assertValid(response("GET", "/api/scans", 200, "{\"scans\":[{\"id\":\"0f8e\",\"status\":\"running\"}]}"));
	}

	@Test
	void documentedErrorBodiesAndRateHeadersValidate() {
		Map<String, List<String>> limited = Map.of("X-RateLimit-Limit", List.of("100"), "X-RateLimit-Remaining",
				List.of("0"), "X-RateLimit-Reset", List.of("1714305660"), "Retry-After", List.of("23"),
				"Content-Type", List.of("application/json"));
		String body = "{\"status\":\"error\",\"error\":{\"code\":\"rate_limited\",\"message\":\"Rate limit exceeded\",\"retry_after\":23}}";
		assertValid(response("GET", "/api/scans", 429, limited, body));
		Map<String, List<String>> dated = new java.util.HashMap<>(limited);
		dated.put("Retry-After", List.of("Tue, 28 Apr 2026 12:01:00 GMT"));
		assertValid(response("GET", "/api/scans", 429, dated, body));
		assertValid(response("POST", "/api/scan/create", 409, """
				{"status":"error","error":{"code":"scan_in_progress","message":"A scan is already running",
				 "scan_id":"sc-500"},"scan_id":"sc-500"}"""));
		assertValid(response("POST", "/api/scan/create", 409,
				"{\"status\":\"error\",\"error\":{\"code\":\"conflict\",\"message\":\"running\"},\"scan_id\":\"sc-1\"}"));
		assertValid(response("GET", "/api/scan/x", 503,
				"{\"status\":\"error\",\"error\":{\"code\":\"unavailable\",\"message\":\"Down for maintenance\"}}"));
	}

	// ---- what the documentation rules out

	@ParameterizedTest(name = "{0} {1} -> {2}: {3}")
	@CsvSource(delimiter = '|', value = {
			"GET|/api/scan/sc-1|200|{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"paused\"}}",
			"GET|/api/scan/sc-1|200|{\"data\":{\"status\":\"queued\"}}",
			"GET|/api/scan/sc-1|200|{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"running\",\"progress\":140}}",
			"GET|/api/scan/sc-1|200|{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"running\",\"progress\":\"40\"}}",
			"POST|/api/scan/create|201|{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"queued\",\"estimated_duration_minutes\":null}}",
			"GET|/api/assets|200|{\"assets\":[{\"id\":\"a-1\"}]}",
			"GET|/api/findings|200|{\"items\":[]}",
			"GET|/api/findings/f-1|200|{\"data\":{\"id\":\"f-1\",\"status\":\"fixed\"}}",
			"GET|/api/findings/f-1|200|{\"data\":{\"id\":\"f-1\",\"severity\":\"informational\"}}",
			"GET|/api/scan/sc-1|404|{\"message\":\"not found\",\"code\":404}",
			"GET|/api/scan/sc-1|418|{\"status\":\"error\",\"error\":{\"code\":\"teapot\",\"message\":\"no\"}}",
			"GET|/api/scans|429|{\"status\":\"error\",\"error\":{\"code\":\"rate_limited\",\"message\":\"x\",\"retry_after\":5}}",
			"POST|/api/scan/create|409|{\"status\":\"error\",\"error\":{\"code\":\"conflict\",\"message\":\"no id\"}}" })
	void undocumentedShapesAreRefused(String method, String path, int status, String body) {
		assertThat(response(method, path, status, body).hasErrors()).as("%s %s %d %s", method, path, status, body)
			.isTrue();
	}

	@Test
	void missingRateLimitHeadersAreRefusedForAServer() {
		ValidationReport report = CONTRACT.validateResponse("GET", "/api/scans", 200,
				Map.of("Content-Type", List.of("application/json")), "{\"data\":[]}");
		assertThat(OpenApiContract.errorKeys(report)).contains("validation.response.header.missing");
	}

	@Test
	void requestsOutsideTheDocumentAreRefused() {
		assertThat(keys(SimpleRequest.Builder.get("/api/scans").withQueryParam("limit", "5"))).contains(
				"validation.request.parameter.query.unexpected");
		assertThat(keys(SimpleRequest.Builder.get("/api/scans").withQueryParam("per_page", "500")))
			.contains("validation.request.parameter.schema.maximum");
		assertThat(keys(SimpleRequest.Builder.get("/api/findings").withQueryParam("severity", "critical,urgent")))
			.contains("validation.request.parameter.schema.enum");
		assertThat(keys(new SimpleRequest.Builder(Request.Method.GET, "/api/scans"))).contains(
				"validation.request.security.missing");
		assertThat(keys(SimpleRequest.Builder.post("/api/scan/create")
			.withContentType("application/json")
			.withBody("{\"asset_id\":\"a-1\",\"type\":\"full\"}"))).contains("validation.request.body.schema.required",
					"validation.request.body.schema.additionalProperties");
		assertThat(keys(SimpleRequest.Builder.patch("/api/findings/f-1")
			.withContentType("application/json")
			.withBody("{\"status\":\"fixed\"}"))).contains("validation.request.body.schema.enum");
		assertThat(keys(SimpleRequest.Builder.put("/api/findings/f-1"))).contains(
				"validation.request.operation.notAllowed");
		// Both documented credentials are accepted; the query token only on the event stream.
		assertThat(keys(SimpleRequest.Builder.get("/api/scans").withHeader("X-API-Key", "k"))).isEmpty();
		assertThat(keys(SimpleRequest.Builder.get("/api/scans").withAuthorization("Bearer k"))).isEmpty();
		assertThat(keys(SimpleRequest.Builder.get("/api/events/stream")
			.withQueryParam("token", "k")
			.withQueryParam("events", "scan.progress,heartbeat"))).isEmpty();
	}

	private static List<String> keys(SimpleRequest.Builder request) {
		return OpenApiContract.errorKeys(CONTRACT.validateRequest(request.build()));
	}

	private static void assertValid(ValidationReport report) {
		OpenApiContract.assertValid(report, "example");
	}

}
