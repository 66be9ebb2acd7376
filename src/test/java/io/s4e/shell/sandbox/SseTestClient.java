package io.s4e.shell.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.s4e.shell.contract.OpenApiContract;

/**
 * Reads {@code GET /api/events/stream} frame by frame on a background thread, as a browser's EventSource would:
 * the test takes frames from a queue with a deadline, so it never sleeps.
 */
final class SseTestClient implements AutoCloseable {

	/** One event frame; {@code data} is parsed JSON. */
	record Frame(String id, String event, JsonNode data, Integer retry) {

		long sequence() {
			return SandboxEvent.sequenceOf(id);
		}

	}

	private static final Frame END = new Frame(null, "end-of-stream", null, null);

	private final HttpResponse<InputStream> response;

	private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

	private final Thread reader;

	private volatile AssertionError failure;

	private SseTestClient(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new Thread(this::read, "sse-test-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Opens the stream. {@code query} is appended as is (e.g. {@code events=scan.completed&asset_id=a-1001});
	 * {@code lastEventId} may be null.
	 */
	static SseTestClient open(String baseUrl, String token, String query, String lastEventId) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(baseUrl + "/api/events/stream" + (query == null ? "" : "?" + query)))
			.header("Accept", "text/event-stream")
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		HttpResponse<InputStream> response = SandboxTestClient.HTTP.send(request.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		return new SseTestClient(response);
	}

	int status() {
		return response.statusCode();
	}

	String header(String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String event = null;
			Integer retry = null;
			StringBuilder data = null;
			String line;
			while ((line = in.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null || retry != null) {
						JsonNode json = data == null ? null : SandboxTestClient.MAPPER.readTree(data.toString());
						String type = event == null ? "message" : event;
						if (json != null) {
							assertPayloadKeepsTheContract(type, data.toString());
						}
						frames.add(new Frame(id, type, json, retry));
					}
					id = null;
					event = null;
					retry = null;
					data = null;
					continue;
				}
				int colon = line.indexOf(':');
				String field = colon < 0 ? line : line.substring(0, colon);
				String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
				switch (field) {
					case "id" -> id = value;
					case "event" -> event = value;
					case "retry" -> retry = Integer.valueOf(value);
					case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
					default -> {
						// comments and unknown fields are ignored, as EventSource does
					}
				}
			}
		}
		catch (IOException closed) {
			// the test closed the stream, or the server ended it
		}
		catch (AssertionError brokenContract) {
			failure = brokenContract;
		}
		finally {
			frames.add(END);
		}
	}

	/**
	 * An event payload must match the schema the OpenAPI document gives its type; a broken one is queued as a
	 * failure, so the test reading it fails.
	 */
	static void assertPayloadKeepsTheContract(String type, String json) {
		OpenApiContract contract = OpenApiContract.server();
		contract.eventSchema(type).ifPresent(schema -> OpenApiContract
			.assertValid(contract.validateSchema(schema, json, type), type + " event payload " + json));
	}

	/** The next frame, or an assertion failure after {@code timeout}. */
	Frame next(Duration timeout) throws InterruptedException {
		Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (frame == null) {
			throw new AssertionError("no event-stream frame within " + timeout);
		}
		if (frame == END) {
			frames.add(END);
			if (failure != null) {
				throw failure;
			}
			throw new AssertionError("the event stream ended");
		}
		return frame;
	}

	/** The next frame that is not a heartbeat (nor the opening {@code retry:} frame). */
	Frame nextEvent(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Frame frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (frame.data() != null && !"heartbeat".equals(frame.event())) {
				return frame;
			}
		}
	}

	/** Events (heartbeats skipped) until one matches {@code last}, that one included. */
	List<Frame> eventsUntil(Predicate<Frame> last, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Frame> events = new ArrayList<>();
		while (true) {
			Frame frame = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			events.add(frame);
			if (last.test(frame)) {
				return events;
			}
		}
	}

	/** True when no event frame (heartbeats aside) is waiting. */
	boolean noEventQueued() {
		return frames.stream().noneMatch(f -> f != END && f.data() != null && !"heartbeat".equals(f.event()));
	}

	@Override
	public void close() throws IOException {
		response.body().close();
		reader.interrupt();
	}

}
