package io.s4e.shell.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.s4e.shell.api.AssetQuery;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * Fifty scans watched against the sandbox. The sandbox allows one active scan per asset, so the scans come in
 * waves: each time one ends, the next is created on its asset and added to the running watch.
 */
class ScanWatchSandboxTest {

	static final int SCANS = 50;

	@Test
	void overTheEventStreamFiftyScansAreNeverPolled() throws Exception {
		SandboxConfig config = SandboxConfig.builder()
			.speed(20)
			.tickInterval(Duration.ofMillis(50))
			.concurrencyLimit(SCANS)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.build();
		try (SandboxServer sandbox = SandboxServer.start(config); S4eClient client = client(sandbox, TimeSource.SYSTEM)) {
			Waves waves = new Waves(client, TimeSource.SYSTEM, 0, "quick");
			List<String> first = waves.createFirst(scannableAssets(client));
			long before = client.requests().total();
			try (ScanWatch watch = ScanWatch.start(client, TimeSource.SYSTEM, WatchOptions.live(), first, null, waves)) {
				waves.attach(watch);
				assertThat(watch.source()).isEqualTo(ScanWatch.Source.EVENT_STREAM);
				assertThat(watch.awaitDone(System.currentTimeMillis() + 120_000)).isTrue();

				List<WatchedScan> scans = watch.snapshot();
				assertThat(scans).hasSize(SCANS).allSatisfy(s -> assertThat(s.isTerminal()).isTrue());
				assertThat(waves.created()).isEqualTo(SCANS);
				ScanWatch.Stats stats = watch.stats();
				// No polling at all: one stream connection, and each scan read when added and once more when it ended.
				// On a machine busy enough that a scan already has findings when it is added (they are listed once,
				// so stream events do not count them twice) or that its events pause for the quiet interval (one
				// read, in case the server left something out), a scan costs a read more: never a status poll.
				assertThat(client.requests().count("GET status")).isZero();
				assertThat(stats.statusPolls()).isZero();
				assertThat(stats.streamConnects()).isEqualTo(1);
				assertThat(stats.detailReads()).isLessThanOrEqualTo(3L * SCANS);
				long watchRequests = client.requests().total() - before - (SCANS - first.size());
				assertThat(watchRequests).isEqualTo(1 + stats.detailReads());
				// Findings were counted as they arrived, before the scans ended.
				assertThat(waves.findingsSeenWhileRunning()).isPositive();
				// The final counts are the server's.
				for (WatchedScan s : scans.subList(0, 5)) {
					assertThat(s.findings()).isEqualTo(client.getScan(s.id()).findingSummary());
				}
			}
		}
	}

	@Test
	void withoutTheStreamFiftyScansArePolledWithinTheAnnouncedBudget() throws Exception {
		VirtualTime time = new VirtualTime();
		SandboxConfig config = SandboxConfig.builder()
			.clock(time.clock)
			.tickInterval(Duration.ZERO)
			.concurrencyLimit(SCANS)
			.tierRateLimit(SandboxRateLimit.STANDARD_TIER)
			.createRateLimit(SandboxRateLimit.unlimited())
			.eventStream(false)
			.build();
		try (SandboxServer sandbox = SandboxServer.start(config); S4eClient client = client(sandbox, time)) {
			// Full scans (45 s) so that each is polled several times; a 429 would surface (no retries) and count.
			Waves waves = new Waves(client, time, 700, "full");
			List<String> first = waves.createFirst(scannableAssets(client));
			try (ScanWatch watch = ScanWatch.start(client, time, WatchOptions.live(), first, null, waves)) {
				waves.attach(watch);
				assertThat(watch.source()).isEqualTo(ScanWatch.Source.POLLING);
				long started = time.millis();
				assertThat(watch.awaitDone(started + Duration.ofHours(1).toMillis())).isTrue();

				List<WatchedScan> scans = watch.snapshot();
				assertThat(scans).hasSize(SCANS).allSatisfy(s -> assertThat(s.isTerminal()).isTrue());
				ScanWatch.Stats stats = watch.stats();
				assertThat(stats.rateLimited()).as("429s").isZero();
				assertThat(stats.retried()).as("retried requests").isZero();

				// Every minute, everything sent (the watch's reads and the scans created) stays inside the
				// announced 100 per minute. Past the first reads (which may use the burst), the watch keeps
				// inside its share of it.
				List<Long> all = new ArrayList<>(watch.requestTimes());
				all.addAll(waves.createTimes());
				Collections.sort(all);
				assertThat(maxPerMinute(all)).isLessThanOrEqualTo(SandboxRateLimit.STANDARD_TIER.perMinute());
				List<Long> polling = watch.requestTimes().stream().filter(t -> t >= started + 60_000).toList();
				assertThat(polling).hasSizeGreaterThan(100);
				assertThat(maxPerMinute(polling))
					.isLessThanOrEqualTo((int) Math.ceil(SandboxRateLimit.STANDARD_TIER.perMinute() * PollBudget.SHARE) + 1);
				assertThat(time.millis() - started).as("virtual run time").isGreaterThan(120_000);

				long pollIntervals = 0;
				long pollGaps = 0;
				for (WatchedScan s : scans) {
					List<Long> polls = watch.pollTimes(s.id());
					for (int i = 1; i < polls.size(); i++) {
						long gap = polls.get(i) - polls.get(i - 1);
						assertThat(gap).as("gap between polls of " + s.id()).isGreaterThanOrEqualTo(1000);
						pollIntervals += gap;
						pollGaps++;
					}
					// An ended scan is never polled again.
					if (!polls.isEmpty()) {
						assertThat(polls.get(polls.size() - 1)).isLessThanOrEqualTo(s.endedMillis());
					}
				}
				// With some 24 scans sharing the budget, a scan is read far less often than once a second.
				assertThat(pollGaps).isPositive();
				assertThat(pollIntervals / pollGaps).isGreaterThan(10_000);
			}
		}
	}

	@Test
	void watchingAllPicksUpScansCreatedLaterWithAndWithoutTheStream() throws Exception {
		for (boolean stream : new boolean[] { true, false }) {
			VirtualTime time = new VirtualTime();
			SandboxConfig config = SandboxConfig.builder()
				.clock(stream ? java.time.Clock.systemUTC() : time.clock)
				.speed(stream ? 20 : 1)
				.tickInterval(stream ? Duration.ofMillis(50) : Duration.ZERO)
				.tierRateLimit(SandboxRateLimit.unlimited())
				.createRateLimit(SandboxRateLimit.unlimited())
				.eventStream(stream)
				.build();
			TimeSource clock = stream ? TimeSource.SYSTEM : time;
			try (SandboxServer sandbox = SandboxServer.start(config); S4eClient client = client(sandbox, clock)) {
				String first = client.createScan(new CreateScanRequest("a-1001", "full", null, null, null), false)
					.scan()
					.id();
				ScanDiscovery active = new ScanDiscovery() {
					@Override
					public List<Scan> activeScans() {
						List<Scan> found = new ArrayList<>();
						for (String status : List.of("running", "queued")) {
							client.scans(io.s4e.shell.api.ScanQuery.fromMap(Map.of("status", status)))
								.forEach(found::add);
						}
						return found;
					}

					@Override
					public boolean matches(String assetId, String scanType) {
						return true;
					}
				};
				AtomicReference<String> later = new AtomicReference<>();
				WatchListener createOnce = new WatchListener() {
					@Override
					public void onChange(WatchChange change) {
						if (change.scan().id().equals(first) && change.kind() == WatchChange.Kind.PHASE
								&& later.get() == null) {
							later.set(client.createScan(new CreateScanRequest("a-1002", "quick", null, null, null),
									false).scan().id());
						}
					}
				};
				try (ScanWatch watch = ScanWatch.start(client, clock, WatchOptions.live(), List.of(), active,
						createOnce)) {
					assertThat(watch.snapshot()).extracting(WatchedScan::id).containsExactly(first);
					assertThat(watch.awaitDone(clock.millis() + 600_000)).as("stream " + stream).isTrue();
					assertThat(later.get()).isNotNull();
					assertThat(watch.snapshot()).extracting(WatchedScan::id).containsExactly(first, later.get());
					assertThat(watch.snapshot()).allSatisfy(s -> assertThat(s.isTerminal()).isTrue());
					assertThat(watch.source())
						.isEqualTo(stream ? ScanWatch.Source.EVENT_STREAM : ScanWatch.Source.POLLING);
					if (stream) {
						assertThat(watch.stats().listReads()).as("lists only at the start").isEqualTo(2);
					}
					else {
						assertThat(watch.stats().listReads()).isGreaterThan(2);
					}
				}
			}
		}
	}

	/** Most requests in any 60-second window. */
	static int maxPerMinute(List<Long> sortedTimes) {
		int max = 0;
		int start = 0;
		for (int end = 0; end < sortedTimes.size(); end++) {
			while (sortedTimes.get(end) - sortedTimes.get(start) >= 60_000) {
				start++;
			}
			max = Math.max(max, end - start + 1);
		}
		return max;
	}

	static S4eClient client(SandboxServer sandbox, TimeSource time) {
		return new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token()))
			.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)), time);
	}

	static List<String> scannableAssets(S4eClient client) {
		return client.assets(AssetQuery.fromMap(Map.of("status", "active"))).map(Asset::id).toList();
	}

	/** Creates the scans: one per asset at first, then a new one on an asset each time its scan ends. */
	static final class Waves implements WatchListener {

		private final S4eClient client;

		private final TimeSource time;

		private final long pauseMillis;

		private final String scanType;

		private final AtomicReference<ScanWatch> watch = new AtomicReference<>();

		private final List<String> early = new CopyOnWriteArrayList<>();

		private final List<Long> createTimes = new CopyOnWriteArrayList<>();

		private volatile int created;

		private volatile int findingsWhileRunning;

		/** @param pauseMillis wait before each create, so creates alone never exhaust the budget */
		Waves(S4eClient client, TimeSource time, long pauseMillis, String scanType) {
			this.client = client;
			this.time = time;
			this.pauseMillis = pauseMillis;
			this.scanType = scanType;
		}

		List<String> createFirst(List<String> assets) throws InterruptedException {
			List<String> ids = new ArrayList<>();
			for (String asset : assets) {
				if (created >= SCANS) {
					break;
				}
				ids.add(create(asset));
			}
			return ids;
		}

		void attach(ScanWatch w) {
			watch.set(w);
			early.forEach(w::add);
		}

		int created() {
			return created;
		}

		int findingsSeenWhileRunning() {
			return findingsWhileRunning;
		}

		List<Long> createTimes() {
			return List.copyOf(createTimes);
		}

		@Override
		public void onChange(WatchChange change) {
			if (change.kind() == WatchChange.Kind.FINDINGS && !change.scan().isTerminal()) {
				findingsWhileRunning++;
			}
			if (change.kind() == WatchChange.Kind.STATUS && change.scan().isTerminal() && created < SCANS) {
				try {
					String id = create(change.scan().scan().assetId());
					ScanWatch w = watch.get();
					if (w == null) {
						early.add(id);
					}
					else {
						w.add(id);
					}
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private String create(String asset) throws InterruptedException {
			time.sleep(pauseMillis);
			createTimes.add(time.millis());
			Scan scan = client.createScan(new CreateScanRequest(asset, scanType, null, null, null), false).scan();
			created++;
			return scan.id();
		}

	}

}
