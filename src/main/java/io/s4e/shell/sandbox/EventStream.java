package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Serves {@code GET /api/events/stream}. Each stream is handed to its own thread from a separate pool, so
 * long-lived streams never occupy the request threads; the request thread returns as soon as the stream is set up.
 */
final class EventStream implements AutoCloseable {

	/** Streams across all tokens; beyond this a new stream is refused with 429. */
	static final int MAX_TOTAL_STREAMS = 256;

	private final EventHub hub;

	private final Clock clock;

	private final Duration heartbeat;

	private final int maxPerToken;

	private final ConcurrentHashMap<String, AtomicInteger> openPerToken = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor pool;

	EventStream(EventHub hub, Clock clock, Duration heartbeat, int maxPerToken) {
		this.hub = hub;
		this.clock = clock;
		this.heartbeat = heartbeat;
		this.maxPerToken = maxPerToken;
		AtomicInteger n = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(0, MAX_TOTAL_STREAMS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				r -> {
					Thread t = new Thread(r, "s4e-sandbox-sse-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
	}

	int openStreams(String token) {
		AtomicInteger count = openPerToken.get(token);
		return count == null ? 0 : count.get();
	}

	/**
	 * Starts streaming to {@code exchange}, or throws a 429 {@link ApiError} when the token already has its maximum
	 * of open streams.
	 * @param afterSequence replay retained events after this sequence (from {@code Last-Event-ID}); -1 for none
	 */
	void open(HttpExchange exchange, String token, Set<String> types, String assetId, long afterSequence,
			Map<String, String> headers) {
		AtomicInteger count = openPerToken.computeIfAbsent(token, k -> new AtomicInteger());
		if (count.incrementAndGet() > maxPerToken) {
			count.decrementAndGet();
			throw tooMany("This token already has " + maxPerToken + " open event streams; close one first.");
		}
		EventHub.Subscriber subscriber = hub.subscribe(types, assetId, afterSequence);
		try {
			pool.execute(() -> pump(exchange, subscriber, count, headers));
		}
		catch (RejectedExecutionException e) {
			hub.unsubscribe(subscriber);
			count.decrementAndGet();
			throw tooMany("The sandbox is serving its maximum of " + MAX_TOTAL_STREAMS + " event streams.");
		}
	}

	private static ApiError tooMany(String message) {
		return new ApiError(429, "rate_limited", message).with("retry_after", 5).header("Retry-After", "5");
	}

	private void pump(HttpExchange exchange, EventHub.Subscriber subscriber, AtomicInteger count,
			Map<String, String> headers) {
		try {
			headers.forEach(exchange.getResponseHeaders()::set);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
			exchange.getResponseHeaders().set("Cache-Control", "no-cache");
			exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			out.write("retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			List<SandboxEvent> batch = new ArrayList<>();
			long heartbeats = 0;
			while (true) {
				SandboxEvent first = subscriber.queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					ObjectNode data = SandboxJson.JSON.objectNode();
					data.put("timestamp", SandboxJson.time(clock.millis()));
					writeHeartbeat(out, subscriber.cursor(), ++heartbeats, data);
					out.flush();
					continue;
				}
				batch.clear();
				batch.add(first);
				subscriber.queue.drainTo(batch, 255);
				boolean end = false;
				for (SandboxEvent event : batch) {
					if (event == EventHub.Subscriber.END) {
						end = true;
						break;
					}
					write(out, event);
					subscriber.delivered(event);
				}
				out.flush();
				if (end) {
					break;
				}
			}
		}
		catch (IOException clientGone) {
			// The client disconnected; nothing to tell anyone.
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		finally {
			hub.unsubscribe(subscriber);
			count.decrementAndGet();
			exchange.close();
		}
	}

	/**
	 * A heartbeat's id carries the stream's cursor ({@code evt-<cursor>-hb-<n>}), so a client that resumes from it
	 * gets exactly what it has not seen. Heartbeats take no number of their own: one drawn from the shared sequence
	 * could overtake an event still queued for this stream, and a resume from it would skip that event.
	 */
	private static void writeHeartbeat(OutputStream out, long cursor, long n, ObjectNode data) throws IOException {
		String frame = "id: evt-" + cursor + "-hb-" + n + "\nevent: heartbeat\ndata: "
				+ SandboxServer.MAPPER.writeValueAsString(data) + "\n\n";
		out.write(frame.getBytes(StandardCharsets.UTF_8));
	}

	private static void write(OutputStream out, SandboxEvent event) throws IOException {
		String data;
		try {
			data = SandboxServer.MAPPER.writeValueAsString(event.data());
		}
		catch (JsonProcessingException e) {
			throw new IOException(e);
		}
		String frame = "id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n";
		out.write(frame.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		hub.closeAll();
		pool.shutdown();
		try {
			pool.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		pool.shutdownNow();
	}

}
