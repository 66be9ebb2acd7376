package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/** scanAll and awaitAll: adoption, pacing, and what the session keeps when a playbook fails half-way. */
class PlaybookBatchTest {

	@Test
	void scanAllAdoptsAScanAlreadyRunningOnAnAsset() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			Scan running = sandbox.client.createScan(CreateScanRequest.of("a-1001", "full"), false).scan();
			Object result = sandbox.runText("adopt.groovy", """
					def batch = s4e.scanAll(['a-1001', 'a-1003', 'a-1002'], 'quick', concurrency: 3)
					[batch.created, batch.adopted, batch.find { it.adopted }?.id, batch*.assetId]
					""", Map.of());
			assertThat(result).isEqualTo(List.of(2, 1, running.id(), List.of("a-1001", "a-1003", "a-1002")));
			assertThat(sandbox.err()).contains("scanAll quick: 2 created, 1 adopted (already running)");
			// The adopted scan is in the journal too: it is the one the playbook goes on with.
			assertThat(sandbox.session.state().recentScans()).extracting(SessionState.RecentScan::scanId)
				.contains(running.id());
		}
	}

	/**
	 * 200 scans, five creates at a time, against a create limit that bounds the batch (1,200 a minute, a burst of
	 * 10: at least 9.5 s for 200, against about 1 s without a limit), in real time, with a client that does not retry: any 429 on a read fails the
	 * playbook, and scanAll counts creates answered 429. The requests on the wire are counted from the client's
	 * debug log, so a 429 that something retried out of sight is counted too.
	 */
	@Test
	void aBatchOf200ScansFiveAtATimeDrawsNo429() {
		SandboxRateLimit createLimit = new SandboxRateLimit(1200, 10);
		try (HttpDebugLog wire = HttpDebugLog.capture();
				PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.clock(Clock.systemUTC())
					.speed(100)
					.tickInterval(Duration.ofMillis(20))
					.concurrencyLimit(200)
					.createRateLimit(createLimit)
					.tierRateLimit(new SandboxRateLimit(6000, 100)), true)) {
			long before = System.nanoTime();
			Object result = sandbox.runText("two-hundred.groovy", """
					def active = s4e.assets(status: 'active').toList()
					def targets = (0..<200).collect { active[it % active.size()] }
					def batch = s4e.scanAll(targets, 'quick', concurrency: 5)
					def done = s4e.awaitAll(batch, timeout: '10m')
					[batch.size(), batch.created + batch.adopted, batch.throttled, batch.failures.size(),
					 done.count { it.status in ['completed', 'failed'] }]
					""", Map.of());
			Duration took = Duration.ofNanos(System.nanoTime() - before);
			List<String> lines = wire.lines(sandbox.sandbox.baseUrl());
			assertThat(result).as("%s", new Object() {
				@Override
				public String toString() {
					return String.join("\n", lines);
				}
			}).isEqualTo(List.of(200, 200, 0, 0, 200));
			assertThat(lines.stream().filter(l -> l.contains("/api/scan/create"))).hasSize(200)
				.allSatisfy(l -> assertThat(l).containsPattern(" <-- (201|200|409) "));
			assertThat(lines).as("requests on the wire").hasSize((int) sandbox.client.requests().total());
			assertThat(lines.stream().filter(l -> l.contains(" <-- 429"))).as("429s on the wire").isEmpty();
			// The limit bounded the batch: after the burst of 10, one create per 50 ms at best.
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(190 * 50));
			assertThat(sandbox.session.state().recentScans()).hasSizeGreaterThanOrEqualTo(190);
		}
	}

	/**
	 * The waiting of a playbook is the watch engine's: over the event stream, a batch is followed without a
	 * single status poll.
	 */
	@Test
	void awaitAllOverTheEventStreamMakesNoStatusPoll() {
		try (HttpDebugLog wire = HttpDebugLog.capture();
				PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.clock(Clock.systemUTC())
					.speed(60)
					.tickInterval(Duration.ofMillis(50))
					.concurrencyLimit(50), true)) {
			Object result = sandbox.runText("stream.groovy", """
					def batch = s4e.scanAll(s4e.assets(status: 'active').take(8), 'quick')
					def done = s4e.awaitAll(batch, timeout: '5m')
					[done.size(), done.every { it.terminal }, done.every { it.findingSummary != null }]
					""", Map.of());
			assertThat(result).isEqualTo(List.of(8, true, true));
			List<String> lines = wire.lines(sandbox.sandbox.baseUrl());
			assertThat(lines).anySatisfy(l -> assertThat(l).contains("/api/events/stream"));
			assertThat(lines.stream().filter(l -> l.matches(".*/api/scan/[^/ ]+/status.*"))).as("status polls")
				.isEmpty();
			assertThat(sandbox.client.requests().count("GET status")).isZero();
			assertThat(sandbox.err()).contains("awaitAll: 8 completed").doesNotContain("polling");
		}
	}

	@Test
	void aPlaybookThatFailsHalfWayLeavesItsScansInTheJournal() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			PlaybookException.RuntimeFailure e = catchThrowableOfType(PlaybookException.RuntimeFailure.class,
					() -> sandbox.runText("half-way.groovy", """
							def first = s4e.scan('a-1001', 'quick')
							def more = s4e.scanAll(['a-1002', 'a-1003'], 'ssl')
							log "created ${[first.id] + more*.id}"
							s4e.scan('a-404404', 'quick')
							println 'not reached'
							""", Map.of()));
			assertThat(e.getMessage()).startsWith("half-way.groovy:4: ").contains("a-404404");
			assertThat(e.exitCode()).isEqualTo(3);
			Set<String> onServer = sandbox.client.scans(ScanQuery.all())
				.filter(s -> s.createdAt().compareTo("2026-04-28T12:00:00Z") >= 0)
				.map(Scan::id)
				.collect(Collectors.toSet());
			assertThat(onServer).hasSize(3);
			// Read back from disk, as `session show` in another shell would.
			SessionState reread = SessionStore.open(sandbox.home.resolve("state"), "sandbox").current();
			assertThat(reread.recentScans()).extracting(SessionState.RecentScan::scanId)
				.containsExactlyInAnyOrderElementsOf(onServer);
			assertThat(reread.recentScans()).extracting(SessionState.RecentScan::origin)
				.containsOnly("playbook:half-way");
			assertThat(reread.lastScanId()).isIn(onServer);
			assertThat(sandbox.out()).isEmpty();
		}
	}

	/** On the wall clock: the watch engine's own thread would race a virtual clock past the deadline. */
	@Test
	void awaitAllTimesOutWithExitCode4AndTheScansKeepRunning() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.clock(Clock.systemUTC()), true)) {
			long start = System.nanoTime();
			PlaybookException.WaitTimedOut e = catchThrowableOfType(PlaybookException.WaitTimedOut.class,
					() -> sandbox.runText("slow.groovy", "def h = s4e.scan('a-1001', 'full')\nh.await(2)\n", Map.of()));
			assertThat(e.getMessage()).matches("slow\\.groovy:2: 1 of 1 scans still running after 2s \\(sc-\\d+\\).*");
			assertThat(e.exitCode()).isEqualTo(4);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2),
					Duration.ofSeconds(10));
			assertThat(sandbox.session.state().recentScans()).hasSize(1);
			assertThat(sandbox.client.getScan(sandbox.session.state().lastScanId()).status()).isIn("queued",
					"running");
		}
	}

	@Test
	void awaitReturnsTheFinalStateWithDetailsAndResultsFilterBySeverity() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			Object result = sandbox.runText("one.groovy", """
					def h = s4e.scan(s4e.asset('a-1001'), 'full', priority: 'high', options: [max_depth: 5])
					def end = h.await('10m')
					def high = h.results(severity: ['critical', 'high'])
					[end.status, end.findingSummary.total() == h.results().size(),
					 high.size() == end.findingSummary.critical + end.findingSummary.high && high.size() > 0,
					 high.every { it.severity in ['critical', 'high'] }, h.done, h.status().status]
					""", Map.of());
			assertThat(result).isEqualTo(List.of("completed", true, true, true, true, "completed"));
			assertThat(sandbox.client.getScan(sandbox.session.state().lastScanId()).priority()).isEqualTo("high");
		}
	}

	@Test
	void cancelStopsAScan() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			Object status = sandbox.runText("cancel.groovy", "s4e.scan('a-1001', 'full').cancel().status",
					Map.of());
			assertThat(status).isEqualTo("cancelled");
		}
	}

	@Test
	void scanAllSkipsAssetsTheServerRefusesAndSaysWhy() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			Object result = sandbox.runText("skip.groovy", """
					def inactive = s4e.assets(status: 'inactive').first()
					def batch = s4e.scanAll(['a-1001', inactive, 'a-nope'], 'quick')
					[batch.size(), batch.failures*.asset]
					""", Map.of());
			assertThat(result).asString().startsWith("[1, [a-");
			assertThat(sandbox.err()).contains("warning: skipped a-nope:").contains("1 created, 0 adopted");
		}
	}

}
