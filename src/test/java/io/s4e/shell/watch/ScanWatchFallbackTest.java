package io.s4e.shell.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.FindingSummary;

/** Faults the sandbox does not make: an event stream that opens and drops at once, every time. */
class ScanWatchFallbackTest {

	@RegisterExtension
	static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void aStreamThatKeepsDroppingGivesWayToPolling() throws Exception {
		wm.stubFor(get(urlPathEqualTo("/api/events/stream"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("")));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).inScenario("scan").whenScenarioStateIs(STARTED)
			.willReturn(json("""
					{"data":{"scan_id":"sc-1","asset_id":"a-1","asset_name":"example.com","scan_type":"quick",
					"status":"running","progress":10,"current_phase":"port_scan",
					"finding_summary":{"critical":0,"high":0,"medium":0,"low":0,"info":0}}}""")));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-1/status")).inScenario("scan").whenScenarioStateIs(STARTED)
			.willReturn(json("""
					{"data":{"scan_id":"sc-1","status":"running","progress":60,"current_phase":"web_checks"}}"""))
			.willSetStateTo("ending"));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).inScenario("scan").whenScenarioStateIs("ending")
			.willReturn(json("""
					{"data":{"scan_id":"sc-1","status":"running","progress":60,"current_phase":"web_checks",
					"finding_summary":{"critical":0,"high":1,"medium":0,"low":0,"info":0}}}""")));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-1/status")).inScenario("scan").whenScenarioStateIs("ending")
			.willReturn(json("""
					{"data":{"scan_id":"sc-1","status":"completed","progress":100}}"""))
			.willSetStateTo("done"));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).inScenario("scan").whenScenarioStateIs("done")
			.willReturn(json("""
					{"data":{"scan_id":"sc-1","status":"completed","progress":100,"duration_seconds":3,
					"finding_summary":{"critical":1,"high":1,"medium":0,"low":0,"info":2}}}""")));

		List<String> notices = new CopyOnWriteArrayList<>();
		WatchListener listener = new WatchListener() {
			@Override
			public void onNotice(String message) {
				notices.add(message);
			}
		};
		try (S4eClient client = new S4eClient(ClientConfig.of("http://127.0.0.1:" + wm.getPort(), Secret.of("tok_w")));
				ScanWatch watch = ScanWatch.start(client, TimeSource.SYSTEM,
						WatchOptions.live().withStreamRetry(Duration.ofMillis(20)), List.of("sc-1"), null, listener)) {
			assertThat(watch.awaitDone(System.currentTimeMillis() + 20_000)).isTrue();
			assertThat(watch.source()).isEqualTo(ScanWatch.Source.POLLING);
			assertThat(notices).singleElement().asString().contains("event stream is gone").contains("polling");
			WatchedScan scan = watch.snapshot().get(0);
			assertThat(scan.scan().status()).isEqualTo("completed");
			assertThat(scan.findings()).isEqualTo(new FindingSummary(1, 1, 0, 0, 2));
			assertThat(watch.stats().statusPolls()).isEqualTo(2);
			assertThat(watch.stats().streamConnects()).isEqualTo(4);
		}
		wm.verify(2, getRequestedFor(urlPathEqualTo("/api/scan/sc-1/status")));
	}

	@Test
	void a429SlowsThePollingDownAndItsRetryAfterIsHonoured() throws Exception {
		wm.stubFor(get(urlPathEqualTo("/api/events/stream")).willReturn(aResponse().withStatus(404)));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-9")).inScenario("limited").whenScenarioStateIs(STARTED)
			.willReturn(json("""
					{"data":{"scan_id":"sc-9","status":"running","progress":10,"current_phase":"port_scan"}}""")
				.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "50")));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-9/status")).inScenario("limited").whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
				.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0")
				.withHeader("Content-Type", "application/json")
				.withBody("""
						{"status":"error","error":{"code":"rate_limited","message":"Slow down.","retry_after":7}}"""))
			.willSetStateTo("calm"));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-9/status")).inScenario("limited").whenScenarioStateIs("calm")
			.willReturn(json("""
					{"data":{"scan_id":"sc-9","status":"completed","progress":100}}""")
				.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "40")));
		wm.stubFor(get(urlPathEqualTo("/api/scan/sc-9")).inScenario("limited").whenScenarioStateIs("calm")
			.willReturn(json("""
					{"data":{"scan_id":"sc-9","status":"completed","progress":100,
					"finding_summary":{"critical":0,"high":0,"medium":0,"low":1,"info":0}}}""")
				.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "39")));

		VirtualTime time = new VirtualTime();
		ClientConfig config = ClientConfig.of("http://127.0.0.1:" + wm.getPort(), Secret.of("tok_w"))
			.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20));
		try (S4eClient client = new S4eClient(config, time);
				ScanWatch watch = ScanWatch.start(client, time, WatchOptions.live(), List.of("sc-9"), null,
						WatchListener.NONE)) {
			assertThat(watch.awaitDone(time.millis() + 120_000)).isTrue();
			assertThat(watch.stats().rateLimited()).isEqualTo(1);
			List<Long> requests = watch.requestTimes();
			// details, the refused poll, the poll after Retry-After, the final details
			assertThat(requests).hasSize(4);
			assertThat(requests.get(2) - requests.get(1)).isGreaterThanOrEqualTo(7000);
			assertThat(watch.snapshot().get(0).findings().low()).isEqualTo(1);
		}
	}

	static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withHeader("Content-Type", "application/json").withBody(body);
	}

}
