package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bounded loopback load test: 32 threads send 20,000 requests mixing create, list, status, cancel and results
 * to a sandbox with real (wall-clock) rate limits. Every answer must be a success or an intended 429 with
 * {@code Retry-After} and the documented body, and afterwards every scan whose create was answered 201 is listed
 * exactly once, and no other new scan exists.
 * <p>
 * Each of 24 writer threads owns one scannable asset and only creates on it when its own last scan was cancelled,
 * so no 409 is expected; scans run slowly enough that none finishes during the test. Each writer has its own token
 * (so its 10/min create bucket refuses some of its creates); the 8 reader threads share one token, whose tier
 * bucket (50/s) they outrun, so the tier limit refuses some requests under contention.
 */
class SandboxLoadTest {

	private static final int THREADS = 32;

	private static final int REQUESTS = 20_000;

	/** Hard stop, so the test ends by itself even on a starved machine. */
	private static final Duration DEADLINE = Duration.ofSeconds(150);

	@Test
	void concurrentMixedTrafficLosesNothingDuplicatesNothingAndOnlyRateLimitsIntentionally() throws Exception {
		SandboxConfig.Builder config = SandboxConfig.builder()
			.speed(0.25)
			.tierRateLimit(new SandboxRateLimit(3000, 30))
			.createRateLimit(SandboxRateLimit.SCAN_CREATE);
		for (int t = 0; t < THREADS; t++) {
			config.token("s4e_load_" + t, "admin");
		}
		config.token("s4e_load_readers", "read:scans", "read:assets", "read:findings");
		try (SandboxServer server = SandboxServer.start(config.build())) {
			SandboxTestClient admin = SandboxTestClient.of(server);
			Set<String> baseline = new HashSet<>(allScanIds(admin));
			List<String> assets = new ArrayList<>();
			admin.get("/api/assets?status=active&per_page=100").body().path("data")
				.forEach(a -> assets.add(a.path("id").asText()));
			assertThat(assets).hasSizeGreaterThanOrEqualTo(20);
			int writers = Math.min(assets.size(), 24);

			Set<String> created = ConcurrentHashMap.newKeySet();
			List<String> createdOrder = new CopyOnWriteArrayList<>();
			List<String> errors = new CopyOnWriteArrayList<>();
			LongAdder ok = new LongAdder();
			LongAdder createLimited = new LongAdder();
			LongAdder tierLimited = new LongAdder();
			LongAdder cancels = new LongAdder();
			AtomicInteger sent = new AtomicInteger();
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			List<Future<?>> futures = new ArrayList<>();
			long started = System.nanoTime();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					String asset = thread < writers ? assets.get(thread) : null;
					SandboxTestClient api = admin.withToken(asset != null ? "s4e_load_" + thread : "s4e_load_readers");
					SplittableRandom random = new SplittableRandom(thread);
					String mine = null;
					go.await();
					for (int i = 0; i < REQUESTS / THREADS && System.nanoTime() < deadline; i++) {
						sent.incrementAndGet();
						int roll = random.nextInt(100);
						SandboxTestClient.Reply reply;
						String what;
						if (asset != null && mine == null && roll < 30) {
							what = "create";
							reply = api.createScan(asset, random.nextBoolean() ? "full" : "quick",
									List.of("low", "normal", "high").get(random.nextInt(3)));
							if (reply.status() == 201) {
								mine = reply.body().path("data").path("scan_id").asText();
								created.add(mine);
								createdOrder.add(mine);
							}
						}
						else if (asset != null && mine != null && roll < 15) {
							what = "cancel";
							reply = api.post("/api/scan/" + mine + "/cancel", null);
							if (reply.status() == 200) {
								cancels.increment();
								mine = null;
							}
						}
						else if (roll < 55 && !createdOrder.isEmpty()) {
							String any = createdOrder.get(random.nextInt(createdOrder.size()));
							what = "status";
							reply = api.get("/api/scan/" + any + (random.nextBoolean() ? "/status" : ""));
						}
						else if (roll < 75 && !createdOrder.isEmpty()) {
							String any = createdOrder.get(random.nextInt(createdOrder.size()));
							what = "results";
							reply = api.get("/api/scan/" + any + "/results?per_page=5");
						}
						else {
							what = "list";
							reply = api.get("/api/scans?per_page=20&page=" + (1 + random.nextInt(3))
									+ (random.nextBoolean() ? "&status=queued,running" : ""));
						}
						int status = reply.status();
						if (status == 200 || status == 201) {
							ok.increment();
						}
						else if (status == 429 && intended429(reply)) {
							(what.equals("create") && reply.error().path("message").asText().startsWith("Scan creation")
									? createLimited : tierLimited).increment();
						}
						else if (errors.size() < 20) {
							errors.add(what + " -> " + reply);
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : futures) {
				f.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
			}
			pool.shutdown();
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.printf("sandbox load: %d requests in %d ms (%d ok, %d create 429s, %d tier 429s, %d scans "
					+ "created, %d cancelled)%n", sent.get(), took.toMillis(), ok.sum(), createLimited.sum(),
					tierLimited.sum(), created.size(), cancels.sum());

			assertThat(sent.get()).as("all requests sent before the deadline").isEqualTo(REQUESTS);
			assertThat(errors).as("answers other than success or an intended 429").isEmpty();
			assertThat(ok.sum() + createLimited.sum() + tierLimited.sum()).isEqualTo(REQUESTS);
			assertThat(createLimited.sum()).as("the 10/min create limit refused some").isPositive();
			assertThat(tierLimited.sum()).as("the tier limit refused some").isPositive();
			assertThat(created).hasSizeGreaterThan(writers * 10 - 1);
			assertThat(createdOrder).doesNotHaveDuplicates();

			List<String> listed = allScanIds(admin);
			assertThat(listed).doesNotHaveDuplicates();
			List<String> fresh = listed.stream().filter(id -> !baseline.contains(id)).toList();
			assertThat(fresh).containsExactlyInAnyOrderElementsOf(created);
			assertThat(listed).containsAll(baseline);
		}
	}

	/** A 429 as documented: Retry-After, empty budget, and the {@code rate_limited} body with its retry_after. */
	private static boolean intended429(SandboxTestClient.Reply reply) {
		JsonNode error = reply.error();
		String retryAfter = reply.header("Retry-After");
		return retryAfter != null && retryAfter.matches("\\d+") && Integer.parseInt(retryAfter) >= 1
				&& "0".equals(reply.header("X-RateLimit-Remaining")) && reply.header("X-RateLimit-Reset") != null
				&& "error".equals(reply.body().path("status").asText())
				&& "rate_limited".equals(error.path("code").asText())
				&& error.path("retry_after").asInt() == Integer.parseInt(retryAfter)
				&& !error.path("message").asText().isBlank();
	}

	/** Every scan ID over all pages, in listing order; the admin token is not rate limited by this test's load. */
	private static List<String> allScanIds(SandboxTestClient api) {
		List<String> ids = new ArrayList<>();
		for (int page = 1;; page++) {
			SandboxTestClient.Reply reply = api.get("/api/scans?per_page=100&page=" + page);
			assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
			reply.body().path("data").forEach(s -> ids.add(s.path("scan_id").asText()));
			if (page >= reply.body().path("meta").path("total_pages").asInt()) {
				return ids;
			}
		}
	}

}
