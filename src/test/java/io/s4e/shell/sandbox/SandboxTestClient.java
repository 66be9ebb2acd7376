package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.contract.OpenApiContract;

/** A small JDK HTTP client for the sandbox tests: one base URL, one token, JSON replies. */
final class SandboxTestClient {

	static final ObjectMapper MAPPER = new ObjectMapper();

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	/** A reply: status, headers and the parsed JSON body (null when empty). */
	record Reply(int status, Map<String, String> headers, JsonNode body, String raw) {

		String header(String name) {
			return headers.get(name.toLowerCase());
		}

		/** The {@code error} object of an error body. */
		JsonNode error() {
			return body.path("error");
		}

		@Override
		public String toString() {
			return status + " " + raw;
		}

	}

	private final String baseUrl;

	private final String token;

	private final Map<String, String> headers;

	SandboxTestClient(String baseUrl, String token) {
		this(baseUrl, token, Map.of());
	}

	private SandboxTestClient(String baseUrl, String token, Map<String, String> headers) {
		this.baseUrl = baseUrl;
		this.token = token;
		this.headers = headers;
	}

	static SandboxTestClient of(SandboxServer server) {
		return new SandboxTestClient(server.baseUrl(), server.token());
	}

	SandboxTestClient withToken(String other) {
		return new SandboxTestClient(baseUrl, other, headers);
	}

	SandboxTestClient withHeader(String name, String value) {
		Map<String, String> h = new LinkedHashMap<>(headers);
		h.put(name, value);
		return new SandboxTestClient(baseUrl, token, h);
	}

	Reply get(String path) {
		return send("GET", path, null);
	}

	Reply post(String path, String json) {
		return send("POST", path, json);
	}

	Reply patch(String path, String json) {
		return send("PATCH", path, json);
	}

	Reply send(String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Map<String, String> h = new LinkedHashMap<>();
			response.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
			String raw = response.body();
			// Every answer the sandbox gives in its tests must keep the API's contract.
			OpenApiContract.assertValid(OpenApiContract.server()
				.validateResponse(method, URI.create(baseUrl + path).getRawPath(), response.statusCode(),
						response.headers().map(), raw),
					method + " " + path + " -> " + response.statusCode() + " "
							+ (raw.length() > 400 ? raw.substring(0, 400) + "..." : raw));
			JsonNode body = raw == null || raw.isEmpty() ? null : MAPPER.readTree(raw);
			return new Reply(response.statusCode(), h, body, raw);
		}
		catch (IOException e) {
			throw new UncheckedIOException(method + " " + path, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Creates a scan and returns the reply (201 expected by most callers). */
	Reply createScan(String assetId, String scanType, String priority) {
		String body = "{\"asset_id\":\"" + assetId + "\",\"scan_type\":\"" + scanType + "\""
				+ (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
		return post("/api/scan/create", body);
	}

}
