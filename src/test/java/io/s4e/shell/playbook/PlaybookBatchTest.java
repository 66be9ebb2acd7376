package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
	 * 200 scans against the documented create limit of 10 a minute with a burst of only 2 and the standard tier
	 * limit, with a client that does not retry: any 429 on a read fails the playbook, and scanAll counts creates
	 * answered 429. Time is virtual (see {@link VirtualTime}), so the 20 minutes the limit imposes pass in seconds;
	 * one create at a time, since virtual time cannot order concurrent sleepers as real time does.
	 */
	@Test
	void aBatchOf200ScansDrawsNo429() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.createRateLimit(new SandboxRateLimit(10, 2))
			.tierRateLimit(SandboxRateLimit.STANDARD_TIER), false)) {
			long before = sandbox.clock.millis();
			Object result = sandbox.runText("two-hundred.groovy", """
					def active = s4e.assets(status: 'active').toList()
					def targets = (0..<200).collect { active[it % active.size()] }
					def batch = s4e.scanAll(targets, 'quick', concurrency: 1)
					def done = s4e.awaitAll(batch, timeout: '2h')
					[batch.size(), batch.created, batch.adopted, batch.throttled, batch.failures.size(),
					 done.count { it.status in ['completed', 'failed'] }]
					""", Map.of());
			assertThat(result).isEqualTo(List.of(200, 200, 0, 0, 0, 200));
			assertThat(sandbox.client.requests().count("POST create")).isEqualTo(200);
			// 10 a minute after a burst of 2: at least 19.8 minutes passed, so the creates were paced.
			assertThat(sandbox.clock.millis() - before).isGreaterThanOrEqualTo(198 * 6_000L);
			assertThat(sandbox.session.state().recentScans()).hasSize(200);
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

	@Test
	void awaitAllTimesOutWithExitCode4AndTheScansKeepRunning() {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			PlaybookException.WaitTimedOut e = catchThrowableOfType(PlaybookException.WaitTimedOut.class,
					() -> sandbox.runText("slow.groovy", "def h = s4e.scan('a-1001', 'full')\nh.await(5)\n", Map.of()));
			assertThat(e.getMessage()).matches("slow\\.groovy:2: 1 of 1 scans still running after 5s \\(sc-\\d+\\).*");
			assertThat(e.exitCode()).isEqualTo(4);
			assertThat(sandbox.session.state().recentScans()).hasSize(1);
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
