package io.s4e.shell.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.s4e.shell.api.model.ServerEvent;
import io.s4e.shell.contract.ContractWireMock;
import io.s4e.shell.contract.OpenApiContract;

class EventStreamTest {

	/** Checks each stream request (filters, Last-Event-ID, Accept) against the OpenAPI document. */
	@RegisterExtension
	static ContractWireMock wm = new ContractWireMock();

	@Test
	void resumesWithLastEventIdThenGivesUpWhenRefused() throws Exception {
		wm.stubFor(get(urlPathEqualTo("/api/events/stream")).withHeader("Last-Event-ID", absent())
			.withQueryParam("events", equalTo("scan.progress,scan.completed"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
					retry: 3000

					event: scan.progress
					id: evt-1
					data: {"scan_id":"sc-1","progress":40,"phase":"port_scan"}

					event: scan.progress
					id: evt-2
					data: {"scan_id":"sc-1","progress":80,"phase":"reporting"}

					""")));
		wm.stubFor(get(urlPathEqualTo("/api/events/stream")).withHeader("Last-Event-ID", equalTo("evt-2"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
					event: scan.completed
					id: evt-3
					data: {"scan_id":"sc-1","status":"completed","finding_count":21}

					""")));
		wm.stubFor(get(urlPathEqualTo("/api/events/stream")).withHeader("Last-Event-ID", equalTo("evt-3"))
			.willReturn(aResponse().withStatus(404).withHeader(OpenApiContract.EXEMPT_HEADER, "a server without the stream")));

		List<ServerEvent> events = new CopyOnWriteArrayList<>();
		CountDownLatch gaveUp = new CountDownLatch(1);
		List<String> reasons = new CopyOnWriteArrayList<>();
		S4eClient client = new S4eClient(ClientConfig.of("http://127.0.0.1:" + wm.port(), Secret.of("tok_stream")));
		try (EventStream stream = EventStream.open(client,
				new EventStream.Filter(List.of("scan.progress", "scan.completed"), null), new EventStream.Listener() {
					@Override
					public void onEvent(ServerEvent event) {
						events.add(event);
					}

					@Override
					public void onGiveUp(String reason) {
						reasons.add(reason);
						gaveUp.countDown();
					}
				}, Duration.ofMillis(20))) {
			assertThat(gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(stream.lastEventId()).isEqualTo("evt-3");
			assertThat(stream.connects()).isEqualTo(3);
		}
		assertThat(events).extracting(ServerEvent::id).containsExactly("evt-1", "evt-2", "evt-3");
		assertThat(events.get(1).integer("progress")).isEqualTo(80);
		assertThat(events.get(2).event()).isEqualTo("scan.completed");
		assertThat(reasons).singleElement().asString().contains("404");
		wm.verify(1, getRequestedFor(urlPathEqualTo("/api/events/stream")).withHeader("Authorization",
				equalTo("Bearer tok_stream")).withHeader("Last-Event-ID", equalTo("evt-2")));
	}

}
