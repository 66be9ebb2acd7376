package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpServer;

import io.s4e.shell.contract.OpenApiContract;

/**
 * A loopback pass-through in front of a sandbox that checks every answer against the OpenAPI document, for clients
 * the test cannot hook into (the shell's own API client). Broken answers are collected; the test asserts there
 * are none. Not for the event stream, which it would buffer.
 */
final class ContractCheckingProxy implements AutoCloseable {

	/** Headers the JDK client sets itself, or that belong to one hop only. */
	private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
			"transfer-encoding", "keep-alive", "date");

	private final HttpServer server;

	private final List<String> violations = new CopyOnWriteArrayList<>();

	ContractCheckingProxy(String target) throws IOException {
		// Load the document now: its first parse is slow, and must not eat into a client's call timeout.
		OpenApiContract.server();
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		server.setExecutor(Executors.newFixedThreadPool(8, r -> {
			Thread t = new Thread(r, "contract-proxy");
			t.setDaemon(true);
			return t;
		}));
		server.createContext("/", exchange -> {
			try (exchange) {
				byte[] body;
				try (InputStream in = exchange.getRequestBody()) {
					body = in.readAllBytes();
				}
				URI uri = exchange.getRequestURI();
				HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
						+ (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
					.timeout(Duration.ofSeconds(30))
					.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
							: HttpRequest.BodyPublishers.ofByteArray(body));
				exchange.getRequestHeaders().forEach((name, values) -> {
					if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
						values.forEach(v -> forward.header(name, v));
					}
				});
				HttpResponse<String> response;
				try {
					response = SandboxTestClient.HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IOException(e);
				}
				Map<String, List<String>> headers = response.headers().map();
				ValidationReport report = OpenApiContract.server().validateResponse(exchange.getRequestMethod(),
						uri.getRawPath(), response.statusCode(), headers, response.body());
				if (report.hasErrors()) {
					violations.add(exchange.getRequestMethod() + " " + uri + " -> " + response.statusCode() + ": "
							+ report.getMessages());
				}
				headers.forEach((name, values) -> {
					if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
						exchange.getResponseHeaders().put(name, values);
					}
				});
				byte[] bytes = response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
				if (bytes.length > 0) {
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(bytes);
					}
				}
			}
		});
		server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Every answer that broke the contract so far. */
	List<String> violations() {
		return violations;
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
