package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.s4e.shell.contract.OpenApiContract;

/**
 * The curl examples of both API documents (the reference page and the trigger-scan guide), run with the real curl
 * against the standalone sandbox started the way {@code scripts/s4e sandbox --port N} starts it: a separate JVM
 * through the shell's main class. Only the host and the token of each documented command are changed; curl gets
 * {@code --silent --show-error --write-out} so the test can read the status code, which does not change the
 * request. Every reply is checked against the OpenAPI document, headers included (curl dumps them to a file).
 */
class SandboxSeedCurlTest {

	private static final String DOCUMENTED_HOST = "https://api.s4e.io";

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

	/** A documented command, split into words as a POSIX shell would. */
	record Step(String name, List<String> words) {
	}

	record CurlReply(int status, JsonNode body, String raw) {

		/** The resource object: the {@code data} member in the reference dialect, the body itself in the guide's. */
		JsonNode object(SandboxDialect dialect) {
			if (dialect == SandboxDialect.REFERENCE) {
				assertThat(body.fieldNames()).toIterable().as(raw).containsExactly("data");
				return body.path("data");
			}
			assertThat(body.has("data")).as(raw).isFalse();
			return body;
		}

	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void documentedCurlSequenceRunsAgainstTheStandaloneSandbox(SandboxDialect dialect) throws Exception {
		Path curl = curl();
		Map<String, Step> steps = steps("seed-curl-" + dialect.wireName() + ".txt");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (ChildJvm sandbox = ChildJvm.start("io.s4e.shell.S4eShellApplication",
				List.of("sandbox", "--port", Integer.toString(port), "--dialect", dialect.wireName(), "--state",
						"none", "--speed", "6"),
				Map.of())) {
			String baseLine = sandbox.awaitLine(l -> l.contains("base URL:"), Duration.ofSeconds(60));
			String base = baseLine.substring(baseLine.indexOf("http"));
			assertThat(base).isEqualTo("http://127.0.0.1:" + port);
			String tokenLine = sandbox.awaitLine(l -> l.contains("token:"), Duration.ofSeconds(10));
			String token = tokenLine.substring(tokenLine.indexOf(':') + 1).trim();
			assertThat(token).startsWith("s4e_sbx_");
			String scanId = dialect == SandboxDialect.REFERENCE ? "sc-44021" : "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

			CurlReply created = run(curl, steps.get("create"), base, token);
			assertThat(created.status()).as(created.raw()).isEqualTo(201);
			JsonNode scan = created.object(dialect);
			assertThat(scan.path("scan_id").asText()).isEqualTo(scanId);
			assertThat(scan.path("status").asText()).isEqualTo("queued");
			assertThat(scan.path("created_at").asText()).matches(TIMESTAMP);
			if (dialect == SandboxDialect.REFERENCE) {
				assertThat(scan.path("asset_id").asText()).isEqualTo("a-1001");
				assertThat(scan.path("scan_type").asText()).isEqualTo("full");
				assertThat(scan.path("priority").asText()).isEqualTo("high");
				assertThat(scan.path("estimated_duration_minutes").isInt()).as(created.raw()).isTrue();
				assertThat(scan.has("estimated_duration")).isFalse();

				CurlReply list = run(curl, steps.get("list"), base, token);
				assertThat(list.status()).isEqualTo(200);
				assertThat(list.body().fieldNames()).toIterable().containsExactly("data", "meta");
				assertThat(list.body().path("meta").path("per_page").asInt()).isEqualTo(5);
				assertThat(list.body().path("meta").path("page").asInt()).isEqualTo(1);
				assertThat(list.body().path("data").size()).isLessThanOrEqualTo(5)
					.isEqualTo(Math.min(5, list.body().path("meta").path("total").asInt()));
				list.body().path("data").forEach(s -> {
					assertThat(s.path("status").asText()).isEqualTo("completed");
					assertThat(s.path("asset_id").asText()).isEqualTo("a-1001");
				});
			}
			else {
				assertThat(scan.path("estimated_duration").isIntegralNumber()).as(created.raw()).isTrue();
				assertThat(scan.has("estimated_duration_minutes")).isFalse();
			}

			// Poll the documented status command until the scan is well under way, once a second as the guide asks
			// (faster polling runs into the rate limit, which is real here).
			CurlReply status;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (true) {
				status = run(curl, steps.get("status"), base, token);
				assertThat(status.status()).as(status.raw()).isEqualTo(200);
				JsonNode s = status.object(dialect);
				assertThat(s.path("status").asText()).isIn("queued", "running");
				if (s.path("progress").asInt() >= 40 || System.nanoTime() > deadline) {
					break;
				}
				Thread.sleep(1000);
			}
			JsonNode running = status.object(dialect);
			assertThat(running.path("scan_id").asText()).isEqualTo(scanId);
			assertThat(running.path("status").asText()).isEqualTo("running");
			assertThat(running.path("progress").asInt()).isBetween(40, 99);
			assertThat(running.path("eta_seconds").isIntegralNumber()).isTrue();
			assertThat(running.path(dialect == SandboxDialect.REFERENCE ? "current_phase" : "phase").asText())
				.isNotBlank();

			CurlReply details = run(curl, steps.get("details"), base, token);
			assertThat(details.status()).isEqualTo(200);
			assertScanDetails(details.object(dialect), scanId);

			CurlReply cancelled = run(curl, steps.get("cancel"), base, token);
			assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
			JsonNode cancel = cancelled.object(dialect);
			assertThat(cancel.path("scan_id").asText()).isEqualTo(scanId);
			assertThat(cancel.path("status").asText()).isEqualTo("cancelled");
			assertThat(cancel.path("message").asText()).isEqualTo("Scan cancelled by user.");

			CurlReply results = run(curl, steps.get("results"), base, token);
			assertThat(results.status()).isEqualTo(200);
			String listName = dialect == SandboxDialect.REFERENCE ? "data" : "findings";
			assertThat(results.body().fieldNames()).toIterable().containsExactly(listName, "meta");
			JsonNode meta = results.body().path("meta");
			assertThat(meta.path("page").asInt()).isEqualTo(1);
			assertThat(meta.path("per_page").asInt()).isEqualTo(dialect == SandboxDialect.REFERENCE ? 20 : 25);
			for (JsonNode f : results.body().path(listName)) {
				assertThat(f.path("id").asText()).matches(dialect == SandboxDialect.REFERENCE ? "f-\\d+" : UUID);
				assertThat(f.path("title").asText()).isNotBlank();
				assertThat(f.path("severity").asText()).isIn("critical", "high");
				assertThat(f.path("cvss").isNumber()).isTrue();
				assertThat(f.path("status").asText()).isEqualTo("open");
				assertThat(f.path("description").asText()).isNotBlank();
				assertThat(f.path("remediation").asText()).isNotBlank();
				assertThat(f.path(dialect == SandboxDialect.REFERENCE ? "discovered_at" : "created_at").asText())
					.matches(TIMESTAMP);
			}

			// The cancelled scan keeps what it found before the cancel, and the results agree with its summary.
			CurlReply after = run(curl, steps.get("details"), base, token);
			JsonNode final_ = after.object(dialect);
			assertThat(final_.path("status").asText()).isEqualTo("cancelled");
			assertThat(final_.path("progress").asInt()).isBetween(40, 99);
			JsonNode summary = final_.path("finding_summary");
			assertThat(meta.path("total").asInt())
				.isEqualTo(summary.path("critical").asInt() + summary.path("high").asInt())
				.isEqualTo(results.body().path(listName).size());
			assertThat(sandbox.process().isAlive()).isTrue();
		}
	}

	private static void assertScanDetails(JsonNode scan, String scanId) {
		assertThat(scan.path("scan_id").asText()).isEqualTo(scanId);
		assertThat(scan.path("asset_id").asText()).isNotBlank();
		assertThat(scan.path("asset_name").asText()).isEqualTo("example.com");
		assertThat(scan.path("scan_type").asText()).isEqualTo("full");
		assertThat(scan.path("status").asText()).isEqualTo("running");
		assertThat(scan.path("priority").asText()).isIn("high", "normal");
		assertThat(scan.path("progress").asInt()).isBetween(40, 99);
		assertThat(scan.path("finding_summary").fieldNames()).toIterable()
			.containsExactly("critical", "high", "medium", "low", "info");
		assertThat(scan.path("created_at").asText()).matches(TIMESTAMP);
		assertThat(scan.path("started_at").asText()).matches(TIMESTAMP);
		assertThat(scan.has("completed_at")).isTrue();
		assertThat(scan.has("duration_seconds")).isTrue();
	}

	/** The real curl binary; the test fails, saying how to fix it, when there is none. */
	static Path curl() {
		Path usual = Path.of("/usr/bin/curl");
		if (Files.isExecutable(usual)) {
			return usual;
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "curl");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return fail("This test runs the documented curl commands and needs the curl binary: none at /usr/bin/curl "
				+ "or on PATH. Install it (e.g. apt-get install curl).");
	}

	/** Runs a documented step with the sandbox's host and token in place of the documented ones. */
	static CurlReply run(Path curl, Step step, String base, String token) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(curl.toString());
		for (String word : step.words().subList(1, step.words().size())) {
			command.add(word.replace(DOCUMENTED_HOST, base).replace("YOUR_API_KEY", token));
		}
		Path headerFile = Files.createTempFile("s4e-curl-headers", ".txt");
		command.addAll(List.of("--silent", "--show-error", "--write-out", "\n%{http_code}", "--dump-header",
				headerFile.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out;
		try (InputStream in = process.getInputStream()) {
			out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("curl " + step.name() + ": " + out).isZero();
		int nl = out.lastIndexOf('\n');
		String body = out.substring(0, nl);
		int status = Integer.parseInt(out.substring(nl + 1).trim());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line : Files.readAllLines(headerFile, StandardCharsets.UTF_8)) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("HTTP/")) {
				headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		Files.deleteIfExists(headerFile);
		String url = command.stream().filter(w -> w.startsWith(base)).findFirst().orElseThrow();
		String method = command.contains("-X") ? command.get(command.indexOf("-X") + 1)
				: command.contains("-d") ? "POST" : "GET";
		OpenApiContract.assertValid(OpenApiContract.server()
			.validateResponse(method, URI.create(url).getRawPath(), status, headers, body),
				"curl " + step.name() + " -> " + status + " " + body);
		JsonNode json = SandboxTestClient.MAPPER.readTree(body);
		return new CurlReply(status, json, body);
	}

	/** The steps of a documented sequence, in order, keyed by the name on their {@code ## } line. */
	static Map<String, Step> steps(String resource) throws IOException {
		String text;
		try (InputStream in = SandboxSeedCurlTest.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, StringBuilder> raw = new LinkedHashMap<>();
		StringBuilder current = null;
		for (String line : text.split("\n", -1)) {
			if (line.startsWith("## ")) {
				current = new StringBuilder();
				raw.put(line.substring(3).trim(), current);
			}
			else if (current != null && !line.startsWith("# ")) {
				current.append(line).append('\n');
			}
		}
		Map<String, Step> steps = new LinkedHashMap<>();
		raw.forEach((name, command) -> {
			List<String> words = ShellWords.split(command.toString(), Map.of("S4E_API_TOKEN", "YOUR_API_KEY"));
			assertThat(words).as(name).first().isEqualTo("curl");
			steps.put(name, new Step(name, words));
		});
		return steps;
	}

}
