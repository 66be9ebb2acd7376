package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token buckets (tier and create), their headers and 429s; authentication and scopes. */
class SandboxRateLimitAndAuthTest {

	private final ManualClock clock = ManualClock.atDocumentationEpoch();

	private SandboxServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private SandboxTestClient start(SandboxConfig.Builder config) throws Exception {
		server = SandboxServer.start(config.build());
		return SandboxTestClient.of(server);
	}

	@Test
	void tierLimitAllowsTheBurstThenRefusesWithRetryAfterAndRefillsWithTime() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).tierRateLimit(SandboxRateLimit.STANDARD_TIER));
		long epoch = clock.instant().getEpochSecond();
		for (int i = 1; i <= 20; i++) {
			SandboxTestClient.Reply reply = api.get("/api/assets?per_page=1");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("100");
			assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(20 - i));
			// Empty by i tokens, refilled at 100/min: full again i * 0.6 s later.
			assertThat(Long.parseLong(reply.header("X-RateLimit-Reset"))).isEqualTo(epoch + (i * 600 + 999) / 1000);
		}
		SandboxTestClient.Reply refused = api.get("/api/scans");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("100");
		assertThat(refused.body().path("status").asText()).isEqualTo("error");
		assertThat(refused.error().path("code").asText()).isEqualTo("rate_limited");
		assertThat(refused.error().path("retry_after").asInt()).isEqualTo(1);
		assertThat(refused.error().path("message").asText()).isNotBlank();

		clock.advance(Duration.ofMillis(600));
		assertThat(api.get("/api/scans").status()).isEqualTo(200);
		assertThat(api.get("/api/scans").status()).isEqualTo(429);
		// Buckets are per token.
		server.addToken("other", "admin");
		assertThat(api.withToken("other").get("/api/scans").status()).isEqualTo(200);
	}

	@Test
	void createLimitIsSeparateFromTheTierLimit() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).createRateLimit(SandboxRateLimit.SCAN_CREATE));
		String[] assets = { "a-1001", "a-1002", "a-1003", "a-1004", "a-1006", "a-1007", "a-1008", "a-1009", "a-1012",
				"a-1013", "a-1014" };
		for (int i = 0; i < 10; i++) {
			SandboxTestClient.Reply created = api.createScan(assets[i], "quick", null);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(created.header("X-RateLimit-Limit")).isEqualTo("10");
			assertThat(created.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(9 - i));
		}
		SandboxTestClient.Reply refused = api.createScan(assets[10], "quick", null);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.error().path("code").asText()).isEqualTo("rate_limited");
		assertThat(refused.header("Retry-After")).isEqualTo("6");
		assertThat(refused.error().path("retry_after").asInt()).isEqualTo(6);
		assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
		// Other endpoints are not affected.
		assertThat(api.get("/api/scans").status()).isEqualTo(200);
		clock.advance(Duration.ofSeconds(6));
		assertThat(api.createScan(assets[10], "quick", null).status()).isEqualTo(201);
		assertThat(api.get("/api/scans?status=queued&asset_id=" + assets[10]).body().path("meta").path("total").asInt())
			.isEqualTo(1);
	}

	@Test
	void unlimitedLimitsNeverRefuseButStillSendHeaders() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		for (int i = 0; i < 150; i++) {
			SandboxTestClient.Reply reply = api.get("/api/findings?per_page=1");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.header("X-RateLimit-Remaining")).isNotNull();
		}
	}

	@Test
	void everyResponseCarriesRateLimitHeadersIncludingErrors() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock).tierRateLimit(SandboxRateLimit.STANDARD_TIER));
		for (SandboxTestClient.Reply reply : new SandboxTestClient.Reply[] { api.get("/api/scan/sc-1"),
				api.withToken(null).get("/api/scans"), api.get("/api/nowhere"), api.get("/api/health"),
				api.post("/api/scan/create", "{}") }) {
			assertThat(reply.header("X-RateLimit-Limit")).as(reply.toString()).isNotNull();
			assertThat(reply.header("X-RateLimit-Remaining")).as(reply.toString()).isNotNull();
			assertThat(reply.header("X-RateLimit-Reset")).as(reply.toString()).matches("\\d+");
		}
	}

	@Test
	void missingOrUnknownTokensAre401() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		SandboxTestClient.Reply none = api.withToken(null).get("/api/scans");
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.error().path("code").asText()).isEqualTo("unauthorized");
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		SandboxTestClient.Reply wrong = api.withToken("s4e_live_nope").get("/api/scans");
		assertThat(wrong.status()).isEqualTo(401);
		// The query token is for the event stream only.
		assertThat(api.withToken(null).get("/api/scans?token=" + server.token()).status()).isEqualTo(401);
		// The health endpoint is open.
		SandboxTestClient.Reply health = api.withToken(null).get("/api/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().path("instance_id").asText()).isEqualTo(server.instanceId());
	}

	@Test
	void apiKeyHeaderWorksLikeBearer() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		SandboxTestClient.Reply reply = api.withToken(null).withHeader("X-API-Key", server.token()).get("/api/assets");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body().path("meta").path("total").asInt()).isGreaterThanOrEqualTo(25);
	}

	@Test
	void scopesAreEnforcedInBothSpellingsAnd403NamesTheRequiredScope() throws Exception {
		SandboxTestClient api = start(SandboxTesting.manual(clock));
		server.addToken("reader", "read:scans", "read:assets");
		server.addToken("guide-writer", "scan:write", "scan:read");
		server.addToken("reference-writer", "write:scans");
		server.addToken("triager", "findings:read", "write:findings");

		SandboxTestClient reader = api.withToken("reader");
		assertThat(reader.get("/api/scans").status()).isEqualTo(200);
		assertThat(reader.get("/api/assets/a-1001").status()).isEqualTo(200);
		SandboxTestClient.Reply forbidden = reader.createScan("a-1001", "quick", null);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.error().path("code").asText()).isEqualTo("forbidden");
		assertThat(forbidden.error().path("required_scope").asText()).isEqualTo("scan:write");
		assertThat(forbidden.error().path("accepted_scopes")).extracting(n -> n.asText())
			.contains("scan:write", "write:scans", "admin");
		SandboxTestClient.Reply noFindings = reader.get("/api/findings");
		assertThat(noFindings.status()).isEqualTo(403);
		assertThat(noFindings.error().path("required_scope").asText()).isEqualTo("findings:read");

		SandboxTestClient.Reply guideCreate = api.withToken("guide-writer").createScan("a-1001", "quick", null);
		assertThat(guideCreate.status()).isEqualTo(201);
		String scanId = guideCreate.body().path("data").path("scan_id").asText();
		assertThat(api.withToken("reference-writer").post("/api/scan/" + scanId + "/cancel", null).status())
			.isEqualTo(200);
		assertThat(api.withToken("reference-writer").createScan("a-1002", "quick", null).status()).isEqualTo(201);

		SandboxTestClient triager = api.withToken("triager");
		String findingId = triager.get("/api/findings?per_page=1").body().path("data").get(0).path("id").asText();
		assertThat(triager.patch("/api/findings/" + findingId, "{\"status\":\"confirmed\"}").status()).isEqualTo(200);
		SandboxTestClient.Reply readOnly = reader.withToken("reader").patch("/api/findings/" + findingId,
				"{\"status\":\"resolved\"}");
		assertThat(readOnly.status()).isEqualTo(403);
		assertThat(readOnly.error().path("required_scope").asText()).isEqualTo("findings:write");
	}

}
