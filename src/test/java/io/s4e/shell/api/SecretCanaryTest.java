package io.s4e.shell.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** A canary token must appear in no log line, error message or toString, whatever the server sends back. */
class SecretCanaryTest {

	static final String CANARY = "s4e_live_CANARY_7f3a9c1e5b";

	@RegisterExtension
	static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	Path home;

	@Test
	void canaryAppearsNowhere() throws Exception {
		// A hostile or buggy server echoing the credentials back in every kind of error body.
		String echo = "{\"status\":\"error\",\"error\":{\"code\":\"x\",\"message\":\"bad token " + CANARY
				+ "\",\"field\":\"" + CANARY + "\"}}";
		for (int status : new int[] { 400, 401, 403, 404, 409, 429, 500 }) {
			wm.stubFor(get("/api/scan/s" + status).willReturn(aResponse().withStatus(status).withBody(echo)));
		}
		wm.stubFor(get("/api/scan/html").willReturn(aResponse().withStatus(502)
			.withBody("<html><title>Proxy saw Authorization: Bearer " + CANARY + "</title></html>")));
		wm.stubFor(get("/api/scan/bad").willReturn(okJson("{\"data\": \"" + CANARY)));
		wm.stubFor(get("/api/scan/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		wm.stubFor(get(urlPathEqualTo("/api/scans")).willReturn(okJson("{\"data\":[]}")));
		wm.stubFor(post("/api/scan/create").willReturn(aResponse().withStatus(400).withBody(echo)));

		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream originalErr = System.err;
		PrintStream originalOut = System.out;
		List<String> texts = new ArrayList<>();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			ClientConfig config = ClientConfig.of("http://127.0.0.1:" + wm.getPort(), Secret.of(CANARY))
				.withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10))
				.withDebugHttp(true);
			S4eClient client = new S4eClient(config);
			texts.add(config.toString());
			texts.add(client.toString());
			texts.add(config.token().toString());
			texts.add(config.token().masked());
			for (String id : List.of("s400", "s401", "s403", "s404", "s409", "s429", "s500", "html", "bad", "reset")) {
				try {
					client.getScan(id);
				}
				catch (S4eException e) {
					texts.add(e.getMessage());
					texts.add(e.toString());
				}
			}
			try {
				client.createScan(CreateScanRequest.of("a-1", "full"), true);
			}
			catch (S4eException e) {
				texts.add(e.getMessage());
			}
			client.listScans(ScanQuery.all());

			Profiles profiles = new Profiles(home.resolve("s4e/config"));
			profiles.save(new Profiles.Profile("work", "https://api.s4e.io", AuthScheme.BEARER, Secret.of(CANARY)));
			texts.add(profiles.list().toString());
			texts.add(profiles.resolve("work", Map.of()).toString());
		}
		finally {
			System.setErr(originalErr);
			System.setOut(originalOut);
		}
		String log = captured.toString(StandardCharsets.UTF_8);
		assertThat(log).as("the debug HTTP log ran").contains("--> GET").contains("[auth: ****]");
		assertThat(log).doesNotContain(CANARY);
		assertThat(texts).hasSizeGreaterThan(20).allSatisfy(t -> assertThat(t).doesNotContain(CANARY));
		// On the wire the token travels in the Authorization header only: never in a URL.
		assertThat(wm.getAllServeEvents()).isNotEmpty().allSatisfy(e -> {
			assertThat(e.getRequest().getUrl()).doesNotContain(CANARY);
			assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + CANARY);
		});
		// The profile file is the one place the token is stored, and it is private.
		Path file = home.resolve("s4e/config");
		assertThat(Files.readString(file)).contains(CANARY);
		assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
	}

	@Test
	void canaryAppearsNowhereWithTheApiKeySchemeOrOnTheEventStream() throws Exception {
		String echo = "{\"status\":\"error\",\"error\":{\"code\":\"x\",\"message\":\"key " + CANARY + " refused\"}}";
		wm.stubFor(get(urlPathEqualTo("/api/events/stream")).willReturn(aResponse().withStatus(401).withBody(echo)));
		wm.stubFor(get("/api/assets/a-1").willReturn(aResponse().withStatus(403).withBody(echo)));
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream originalErr = System.err;
		List<String> texts = new ArrayList<>();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			S4eClient client = new S4eClient(ClientConfig.of("http://127.0.0.1:" + wm.getPort(), Secret.of(CANARY))
				.withAuthScheme(AuthScheme.API_KEY)
				.withDebugHttp(true));
			try {
				client.getAsset("a-1");
			}
			catch (S4eException e) {
				texts.add(e.getMessage());
				texts.add(e.toString());
			}
			java.util.concurrent.CompletableFuture<String> gaveUp = new java.util.concurrent.CompletableFuture<>();
			try (EventStream stream = client.events(EventStream.Filter.all(), new EventStream.Listener() {
				@Override
				public void onEvent(io.s4e.shell.api.model.ServerEvent event) {
					texts.add(String.valueOf(event));
				}

				@Override
				public void onGiveUp(String reason) {
					gaveUp.complete(reason);
				}
			})) {
				texts.add(gaveUp.get(10, java.util.concurrent.TimeUnit.SECONDS));
				texts.add(stream.toString());
			}
		}
		finally {
			System.setErr(originalErr);
		}
		assertThat(captured.toString(StandardCharsets.UTF_8)).contains("[auth: ****]").doesNotContain(CANARY);
		assertThat(texts).hasSizeGreaterThanOrEqualTo(4).allSatisfy(t -> assertThat(t).doesNotContain(CANARY));
		assertThat(wm.getAllServeEvents()).hasSize(2).allSatisfy(e -> {
			assertThat(e.getRequest().getUrl()).doesNotContain(CANARY);
			assertThat(e.getRequest().getHeader("X-API-Key")).isEqualTo(CANARY);
			assertThat(e.getRequest().containsHeader("Authorization")).isFalse();
		});
	}

}
