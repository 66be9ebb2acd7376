package io.s4e.shell.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;

import io.s4e.shell.api.model.ServerEvent;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * A subscription to {@code GET /api/events/stream}. One connection serves any number of scans. When it drops it
 * reconnects with {@code Last-Event-ID}, so no event is lost; when the server refuses the stream (401/403/404/
 * 405/501, or not an event stream) or it fails {@link #MAX_CONSECUTIVE_FAILURES} times in a row, the listener's
 * {@link Listener#onGiveUp} tells the caller to fall back to polling.
 */
public final class EventStream implements AutoCloseable {

	public static final int MAX_CONSECUTIVE_FAILURES = 4;

	/** Which events to receive; nulls mean all. */
	public record Filter(List<String> events, String assetId) {

		public static Filter all() {
			return new Filter(null, null);
		}

		Map<String, String> params() {
			Map<String, String> p = new LinkedHashMap<>();
			if (events != null && !events.isEmpty()) {
				p.put("events", String.join(",", events));
			}
			if (assetId != null) {
				p.put("asset_id", assetId);
			}
			return p;
		}

	}

	/** Called on the stream's own thread: keep the work short. */
	public interface Listener {

		void onEvent(ServerEvent event);

		default void onOpen() {
		}

		/** The stream is unusable; the subscription has stopped. */
		default void onGiveUp(String reason) {
		}

	}

	private final S4eClient client;

	private final Filter filter;

	private final Listener listener;

	private final OkHttpClient http;

	private final ScheduledExecutorService reconnector;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean connected = new AtomicBoolean();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicInteger connects = new AtomicInteger();

	private final Duration firstDelay;

	private volatile String lastEventId;

	private volatile EventSource source;

	private EventStream(S4eClient client, Filter filter, Listener listener, Duration firstDelay) {
		this.client = client;
		this.filter = filter;
		this.listener = listener;
		this.firstDelay = firstDelay;
		// Heartbeats arrive every 15 s: a read timeout well above that detects a dead connection.
		this.http = client.http().newBuilder().readTimeout(Duration.ofSeconds(45)).callTimeout(Duration.ZERO).build();
		this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "s4e-event-stream");
			t.setDaemon(true);
			return t;
		});
	}

	static EventStream open(S4eClient client, Filter filter, Listener listener) {
		return open(client, filter, listener, Duration.ofSeconds(1));
	}

	/** @param firstDelay wait before the first reconnect; doubled after each further failure, up to 16 times */
	public static EventStream open(S4eClient client, Filter filter, Listener listener, Duration firstDelay) {
		EventStream stream = new EventStream(client, filter, listener, firstDelay);
		stream.connect();
		return stream;
	}

	public boolean isConnected() {
		return connected.get();
	}

	public String lastEventId() {
		return lastEventId;
	}

	/** Connections made so far, the first included. */
	public int connects() {
		return connects.get();
	}

	private void connect() {
		if (closed.get()) {
			return;
		}
		Request.Builder b = client.streamRequest(filter.params());
		if (lastEventId != null) {
			b.header("Last-Event-ID", lastEventId);
		}
		connects.incrementAndGet();
		Request request = b.build();
		client.requests().record(request);
		source = EventSources.createFactory(http).newEventSource(request, new EventSourceListener() {
			@Override
			public void onOpen(EventSource eventSource, Response response) {
				connected.set(true);
				listener.onOpen();
			}

			@Override
			public void onEvent(EventSource eventSource, String id, String type, String data) {
				consecutiveFailures.set(0);
				if (id != null) {
					lastEventId = id;
				}
				listener.onEvent(new ServerEvent(id, type == null ? "message" : type, parse(data)));
			}

			@Override
			public void onClosed(EventSource eventSource) {
				connected.set(false);
				scheduleReconnect("the server closed the stream");
			}

			@Override
			public void onFailure(EventSource eventSource, Throwable t, Response response) {
				connected.set(false);
				if (closed.get()) {
					return;
				}
				if (response != null) {
					int code = response.code();
					String type = response.header("Content-Type", "");
					if (code == 401 || code == 403 || code == 404 || code == 405 || code == 501
							|| code >= 200 && code < 300 && !type.startsWith("text/event-stream")) {
						giveUp("the server refused the event stream (HTTP " + code + ")");
						return;
					}
				}
				scheduleReconnect(t != null ? t.getClass().getSimpleName()
						: response != null ? "HTTP " + response.code() : "unknown failure");
			}
		});
	}

	private void scheduleReconnect(String reason) {
		if (closed.get()) {
			return;
		}
		int failures = consecutiveFailures.incrementAndGet();
		if (failures >= MAX_CONSECUTIVE_FAILURES) {
			giveUp("the event stream dropped " + failures + " times in a row (" + reason + ")");
			return;
		}
		long delay = firstDelay.toMillis() << Math.min(failures - 1, 4);
		try {
			reconnector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
			// closed concurrently: nothing to do
		}
	}

	private void giveUp(String reason) {
		if (closed.compareAndSet(false, true)) {
			reconnector.shutdownNow();
			listener.onGiveUp(reason);
		}
	}

	private Map<String, Object> parse(String data) {
		if (data == null || data.isBlank()) {
			return Map.of();
		}
		try {
			return client.mapper().readValue(data, new TypeReference<LinkedHashMap<String, Object>>() {
			});
		}
		catch (Exception notAnObject) {
			Map<String, Object> raw = new LinkedHashMap<>();
			raw.put("raw", data);
			return raw;
		}
	}

	@Override
	public void close() {
		closed.set(true);
		EventSource s = source;
		if (s != null) {
			s.cancel();
		}
		reconnector.shutdownNow();
		connected.set(false);
	}

}
