package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.sandbox.SandboxToken;

/**
 * A bounded soak of the sandbox on loopback: 64 clients (the shell's own client, one token each, the documented
 * rate limits) create, watch, cancel and read scans concurrently. Afterwards every created scan is listed exactly
 * once, nothing failed except intended 429s, and the heap after GC is flat. {@code -Ds4e.soak.seconds=600} is the
 * long form; the suite runs {@code 40}. The figures go to target/reliability/soak.txt.
 */
class SandboxSoakTest {

	static final int CLIENTS = Integer.getInteger("s4e.soak.clients", 64);

	static final Duration LENGTH = Duration.ofSeconds(Integer.getInteger("s4e.soak.seconds", 40));

	@Test
	void sixtyFourClientsCreateWatchCancelAndRead() throws Exception {
		List<String> tokens = new ArrayList<>();
		SandboxConfig.Builder config = SandboxConfig.builder().speed(20).concurrencyLimit(16);
		for (int i = 0; i < CLIENTS; i++) {
			String token = "s4e_test_soak_client_" + i;
			tokens.add(token);
			config.token(SandboxToken.admin(token));
		}
		long heapBefore;
		Map<String, Integer> created = new ConcurrentHashMap<>();
		List<String> adopted = new CopyOnWriteArrayList<>();
		List<String> errors = new CopyOnWriteArrayList<>();
		AtomicInteger rateLimited = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		AtomicInteger cancelRaces = new AtomicInteger();
		AtomicInteger reads = new AtomicInteger();
		long listed;
		Map<String, Long> duplicates;
		long heapAfter;
		long started = System.nanoTime();
		try (SandboxServer sandbox = SandboxServer.start(config.build())) {
			List<String> assets;
			try (S4eClient reader = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(tokens.get(0))))) {
				assets = reader.assets(io.s4e.shell.api.AssetQuery.all())
					.filter(a -> "active".equals(a.status()))
					.map(io.s4e.shell.api.model.Asset::id)
					.toList();
			}
			assertThat(assets).as("assets that can be scanned").isNotEmpty();
			heapBefore = heapAfterGc();
			long deadline = System.nanoTime() + LENGTH.toNanos();
			ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				int id = i;
				workers.add(pool.submit(() -> {
					Random random = new Random(id);
					try (S4eClient client = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(tokens.get(id)))
						.withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60)))) {
						while (System.nanoTime() < deadline) {
							try {
								round(client, random, assets, created, adopted, cancelled, cancelRaces, reads);
							}
							catch (ApiException.RateLimited intended) {
								rateLimited.incrementAndGet();
								sleepQuietly(Math.min(2000, intended.retryAfterSeconds() * 1000));
							}
							catch (RuntimeException e) {
								errors.add("client " + id + ": " + e);
							}
						}
					}
				}));
			}
			for (Future<?> w : workers) {
				w.get(LENGTH.toSeconds() + 180, TimeUnit.SECONDS);
			}
			pool.shutdown();

			// Every created scan, listed by the server: none lost, none twice.
			try (S4eClient reader = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(tokens.get(0))))) {
				reader.rateLimiter();
				Map<String, Long> counts = new HashMap<>();
				waitOutRateLimits(() -> reader.scans(new ScanQuery(null, null, null, null, null, 1, 100, null, null))
					.forEach(s -> counts.merge(s.id(), 1L, Long::sum)));
				listed = counts.size();
				duplicates = counts.entrySet().stream().filter(e -> e.getValue() > 1)
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
				assertThat(counts.keySet()).as("created scans the server lists").containsAll(created.keySet());
			}
			heapAfter = heapAfterGc();
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
		String report = String.format(java.util.Locale.ROOT,
				"soak: %d clients for %d s (%d s in all): %d scans created, %d adopted (already active), %d cancelled "
						+ "(%d cancel/finish races), %d reads, %d intended 429s, %d errors; %d scans listed, %d duplicated;"
						+ " heap after GC %d MB at start, %d MB at end%n",
				CLIENTS, LENGTH.toSeconds(), seconds, created.size(), adopted.size(), cancelled.get(), cancelRaces.get(),
				reads.get(), rateLimited.get(), errors.size(), listed, duplicates.size(), heapBefore >> 20,
				heapAfter >> 20);
		System.out.print(report);
		Path out = Path.of("target/reliability/soak.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);

		assertThat(errors).as("errors other than intended 429s").isEmpty();
		assertThat(created).as("scans created").isNotEmpty();
		assertThat(created.values()).as("a create answered with an ID another create already had").allMatch(n -> n == 1);
		assertThat(duplicates).as("scans listed twice").isEmpty();
		// The world keeps what was created (a few KB a scan); anything beyond that is a leak.
		long allowed = (48L << 20) + created.size() * 32L * 1024;
		assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes (%d scans created)", created.size())
			.isLessThan(allowed);
	}

	/** One client's round: create (or adopt), watch a few polls, maybe cancel, then read the scan and results. */
	private static void round(S4eClient client, Random random, List<String> assets, Map<String, Integer> created,
			List<String> adopted, AtomicInteger cancelled, AtomicInteger cancelRaces, AtomicInteger reads) {
		String asset = assets.get(random.nextInt(assets.size()));
		S4eClient.CreateResult result = client.createScan(CreateScanRequest.of(asset, random.nextBoolean() ? "quick"
				: "dns"), true);
		Scan scan = result.scan();
		if (result.adopted()) {
			adopted.add(scan.id());
		}
		else {
			created.merge(scan.id(), 1, Integer::sum);
		}
		boolean cancel = random.nextInt(4) == 0;
		for (int poll = 0; poll < 5 && !ScanState.isTerminal(scan.status()); poll++) {
			if (cancel && poll == 1) {
				try {
					client.cancelScan(scan.id());
					cancelled.incrementAndGet();
				}
				catch (ApiException.Conflict finishedFirst) {
					// It ended between the poll and the cancel: allowed only if it really is over now.
					assertThat(ScanState.isTerminal(client.getScan(scan.id()).status())).isTrue();
					cancelRaces.incrementAndGet();
				}
			}
			scan = client.getScanStatus(scan.id());
		}
		client.getScan(scan.id());
		client.scanResults(scan.id(), FindingQuery.all());
		reads.addAndGet(2);
	}

	private static void waitOutRateLimits(Runnable action) {
		for (int attempt = 0;; attempt++) {
			try {
				action.run();
				return;
			}
			catch (ApiException.RateLimited e) {
				if (attempt > 20) {
					throw e;
				}
				sleepQuietly(e.retryAfterSeconds() * 1000);
			}
		}
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			sleepQuietly(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(Math.max(0, millis));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
