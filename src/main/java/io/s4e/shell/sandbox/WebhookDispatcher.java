package io.s4e.shell.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.s4e.shell.support.Lazy;

/**
 * Posts scan completion and failure events to a scan's {@code callback_url}, off the request path, retrying a
 * failed delivery a few times with doubling back-off. With a secret, each body is signed:
 * {@code X-S4E-Signature: sha256=<hex HMAC-SHA256 of the raw body>}.
 */
final class WebhookDispatcher implements SandboxWorld.CallbackSink, AutoCloseable {

	private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

	private final String secret;

	private final int attempts;

	private final Duration backoff;

	private final ScheduledExecutorService executor;

	/** Built on the first delivery: a JDK HttpClient costs hundreds of milliseconds to create (it sets up TLS). */
	private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build());

	WebhookDispatcher(String secret, int attempts, Duration backoff) {
		this.secret = secret;
		this.attempts = attempts;
		this.backoff = backoff;
		AtomicInteger n = new AtomicInteger();
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
			Thread t = new Thread(r, "s4e-sandbox-webhook-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		pool.setRemoveOnCancelPolicy(true);
		this.executor = pool;
	}

	private HttpClient client() {
		return client.get();
	}

	@Override
	public void deliver(String url, SandboxEvent event) {
		ObjectNode body = SandboxJson.JSON.objectNode();
		body.put("id", event.id());
		body.put("event", event.type());
		body.put("created_at", SandboxJson.time(event.at()));
		body.set("data", event.data().deepCopy());
		byte[] bytes;
		try {
			bytes = SandboxServer.MAPPER.writeValueAsBytes(body);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("cannot serialize webhook body", e);
		}
		if (!executor.isShutdown()) {
			executor.execute(() -> attempt(url, event, bytes, 1));
		}
	}

	private void attempt(String url, SandboxEvent event, byte[] body, int attempt) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header("User-Agent", "s4e-sandbox-webhook/1")
			.header("X-S4E-Event", event.type())
			.header("X-S4E-Delivery", event.id())
			.header("X-S4E-Attempt", Integer.toString(attempt))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (secret != null) {
			request.header("X-S4E-Signature", "sha256=" + sign(secret, body));
		}
		String outcome;
		try {
			HttpResponse<Void> response = client().send(request.build(), HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				return;
			}
			outcome = "HTTP " + response.statusCode();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception e) {
			outcome = e.toString();
		}
		if (attempt < attempts && !executor.isShutdown()) {
			long delay = backoff.toMillis() << (attempt - 1);
			LOG.log(System.Logger.Level.DEBUG, "webhook {0} to {1} failed ({2}); retrying in {3} ms", event.id(), url,
					outcome, delay);
			executor.schedule(() -> attempt(url, event, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
		}
		else {
			LOG.log(System.Logger.Level.WARNING, "webhook {0} to {1} failed after {2} attempts: {3}", event.id(), url,
					attempt, outcome);
		}
	}

	/** Lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}

	@Override
	public void close() {
		executor.shutdownNow();
	}

}
