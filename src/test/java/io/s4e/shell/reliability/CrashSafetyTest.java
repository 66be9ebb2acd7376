package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxMain;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/**
 * kill -9 at random moments: a child JVM writing the session file and an AtomicFiles counter, and a sandbox child
 * with {@code --state FILE} answering scan creations. After every kill each file left behind loads, and everything
 * the child acknowledged (printed as done before it died) is there. Iterations: {@code s4e.crash.session} and
 * {@code s4e.crash.sandbox} (defaults 175 and 25).
 */
class CrashSafetyTest {

	static final int SESSION_ITERATIONS = Integer.getInteger("s4e.crash.session", 175);

	static final int SANDBOX_ITERATIONS = Integer.getInteger("s4e.crash.sandbox", 25);

	/** Kills land from right after start-up to well into the write loop. */
	static final int MAX_KILL_DELAY_MILLIS = 150;

	static final ObjectMapper JSON = new ObjectMapper();

	static final Random RANDOM = new Random(Long.getLong("s4e.crash.seed", System.nanoTime()));

	@TempDir
	Path root;

	/** A child process and the lines it printed, read as they come. */
	record Child(Process process, List<String> lines, CompletableFuture<Void> drained) {

		static Child start(List<String> command) throws IOException {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			p.getOutputStream().close();
			List<String> lines = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
						StandardCharsets.UTF_8))) {
					String line;
					while ((line = r.readLine()) != null) {
						lines.add(line);
					}
				}
				catch (IOException ended) {
					// The pipe closes when the child is killed.
				}
			});
			return new Child(p, lines, drained);
		}

		String awaitLine(Pattern pattern, Duration limit) throws InterruptedException {
			long deadline = System.nanoTime() + limit.toNanos();
			while (System.nanoTime() < deadline) {
				for (String l : lines) {
					if (pattern.matcher(l).find()) {
						return l;
					}
				}
				if (!process.isAlive() && drained.isDone()) {
					break;
				}
				Thread.sleep(5);
			}
			throw new AssertionError("the child never printed " + pattern + "; it printed: " + lines);
		}

		/** SIGKILL, then everything it printed before dying. */
		List<String> kill() throws Exception {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
			drained.get(30, TimeUnit.SECONDS);
			return List.copyOf(lines);
		}

	}

	static List<String> java(String mainClass, String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-cp", System.getProperty("java.class.path"),
				mainClass));
		command.addAll(List.of(args));
		return command;
	}

	@Test
	void sessionWritesSurviveKillNineAtRandomMoments() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<Future<Integer>> rounds = new ArrayList<>();
		int perDir = 20;
		for (int start = 0; start < SESSION_ITERATIONS; start += perDir) {
			Path dir = root.resolve("session-" + start);
			int from = start;
			int to = Math.min(SESSION_ITERATIONS, start + perDir);
			rounds.add(pool.submit(() -> killSessionWriters(dir, from, to)));
		}
		int acked = 0;
		for (Future<Integer> f : rounds) {
			acked += f.get(10, TimeUnit.MINUTES);
		}
		pool.shutdown();
		assertThat(acked).as("writes acknowledged across all kills").isGreaterThan(SESSION_ITERATIONS / 2);
	}

	/** Kills writers one after another on the same files, checking after every kill. */
	private int killSessionWriters(Path dir, int from, int to) throws Exception {
		Set<String> everAcked = new LinkedHashSet<>();
		int lastCounter = 0;
		for (int i = from; i < to; i++) {
			Child child = Child.start(java(SessionWriterMain.class.getName(), dir.toString(), "w" + i));
			child.awaitLine(Pattern.compile("^ready$"), Duration.ofSeconds(60));
			if (RANDOM.nextInt(4) != 0) {
				// Mostly well into the write loop; otherwise around the first write.
				child.awaitLine(Pattern.compile("^ack scan "), Duration.ofSeconds(60));
			}
			Thread.sleep(RANDOM.nextInt(MAX_KILL_DELAY_MILLIS + 1));
			List<String> printed = child.kill();

			SessionStore store = SessionStore.open(dir, "crash");
			SessionState state = store.current();
			assertThat(store.loadWarning()).as("iteration %d: the session file loads", i).isNull();
			printed.stream().filter(l -> l.startsWith("ack scan ")).map(l -> l.substring(9)).forEach(everAcked::add);
			assertThat(state.recentScans()).extracting(SessionState.RecentScan::scanId)
				.as("iteration %d: every acknowledged scan is in the journal", i)
				.containsAll(everAcked);
			Path counter = dir.resolve("counter.json");
			for (String l : printed) {
				if (l.startsWith("ack counter ")) {
					lastCounter = Integer.parseInt(l.substring(12));
					JsonNode c = JSON.readTree(counter.toFile());
					assertThat(c.path("n").asInt()).as("iteration %d: the counter file", i).isPositive();
				}
			}
			if (Files.exists(counter)) {
				JSON.readTree(counter.toFile());
			}
			if (lastCounter > 0) {
				assertThat(JSON.readTree(counter.toFile()).path("writer").asText()).isNotBlank();
			}
		}
		return everAcked.size();
	}

	@Test
	void sandboxStateSurvivesKillNineDuringScanCreation() throws Exception {
		Path state = root.resolve("sandbox/state.json");
		Files.createDirectories(state.getParent());
		String token = "s4e_test_crash_sandbox_1";
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Set<String> acked = Collections.synchronizedSet(new LinkedHashSet<>());
		Pattern url = Pattern.compile("base URL: (http://127\\.0\\.0\\.1:\\d+)");
		for (int i = 0; i < SANDBOX_ITERATIONS; i++) {
			Child child = Child.start(java(SandboxMain.class.getName(), "--port", "0", "--state", state.toString(),
					"--token", token, "--rate-limit", "unlimited", "--create-limit", "unlimited", "--speed", "1000",
					"--concurrency", "1000"));
			Matcher m = url.matcher(child.awaitLine(url, Duration.ofSeconds(60)));
			assertThat(m.find()).isTrue();
			String base = m.group(1);
			// What the previous sandboxes acknowledged is served by this one, loaded from the file they left.
			for (String id : acked) {
				HttpResponse<String> r = send(http, base, token, "GET", "/api/scan/" + id, null);
				assertThat(r.statusCode()).as("iteration %d: acknowledged scan %s after the kill", i, id).isEqualTo(200);
			}
			AtomicBoolean stop = new AtomicBoolean();
			int iteration = i;
			CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
				for (int n = 0; !stop.get(); n++) {
					String asset = "a-" + (1001 + (iteration * 7 + n) % 25);
					try {
						HttpResponse<String> r = send(http, base, token, "POST", "/api/scan/create",
								"{\"asset_id\":\"" + asset + "\",\"scan_type\":\"quick\"}");
						if (r.statusCode() == 201) {
							JsonNode body = JSON.readTree(r.body());
							acked.add(body.path("data").path("scan_id").asText(body.path("scan_id").asText()));
						}
					}
					catch (IOException killed) {
						return;
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
			if (RANDOM.nextInt(4) != 0) {
				long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				int before = acked.size();
				while (acked.size() == before && System.nanoTime() < until) {
					Thread.sleep(2);
				}
			}
			Thread.sleep(RANDOM.nextInt(MAX_KILL_DELAY_MILLIS + 1));
			child.kill();
			stop.set(true);
			creator.get(30, TimeUnit.SECONDS);
			try (Stream<Path> files = Files.list(state.getParent())) {
				assertThat(files.map(p -> p.getFileName().toString()))
					.as("iteration %d: nothing was set aside as unreadable", i)
					.noneMatch(n -> n.contains(".corrupt-"));
			}
		}
		assertThat(acked).as("creations acknowledged across all kills").isNotEmpty();
		// Last: the file as the sandbox itself loads it, in this process.
		try (SandboxServer last = SandboxServer.start(SandboxConfig.builder()
			.stateFile(state)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.build())) {
			for (String id : acked) {
				assertThat(send(http, last.baseUrl(), token, "GET", "/api/scan/" + id, null).statusCode()).isEqualTo(200);
			}
		}
	}

	static HttpResponse<String> send(HttpClient http, String base, String token, String method, String path,
			String body) throws IOException, InterruptedException {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + token)
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

}
