package io.s4e.shell.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Severity;

/** The pure parts of the watch: pacing arithmetic, durations, verdicts and drawing. */
class WatchPartsTest {

	static final long T0 = 1_777_377_600_000L;

	static Scan scan(String id, String status, Integer progress, String phase, Long eta, FindingSummary findings) {
		return new Scan(id, "a-1001", "example.com", "quick", status, "normal", progress, phase, eta, findings,
				"2026-04-28T12:00:00Z", "2026-04-28T12:00:00Z", null, null, null, null, null, null, null, null);
	}

	static WatchedScan watched(Scan s) {
		return new WatchedScan(s, T0, null, null, T0, null);
	}

	@Test
	void thePaceIsTheFloorOrTheDocumentedBackOffAndTheBudgetSlowsItAsScansAreAdded() {
		assertThat(Pace.LIVE.baseIntervalMillis(1)).isEqualTo(1000);
		assertThat(List.of(1, 2, 3, 4, 5, 6, 9).stream().map(Pace.BACKOFF::baseIntervalMillis))
			.containsExactly(5000L, 10_000L, 20_000L, 40_000L, 60_000L, 60_000L, 60_000L);

		PollBudget budget = new PollBudget();
		long spacing = budget.spacingMillis(100, T0);
		assertThat(spacing).isEqualTo(750);
		assertThat(PollBudget.intervalMillis(Pace.LIVE, 1, 1, spacing)).isEqualTo(1000);
		assertThat(PollBudget.intervalMillis(Pace.LIVE, 1, 10, spacing)).isEqualTo(7500);
		assertThat(PollBudget.intervalMillis(Pace.LIVE, 1, 50, spacing)).isEqualTo(37_500);
		// An unlimited server still never gets a scan polled more than once a second.
		assertThat(PollBudget.intervalMillis(Pace.LIVE, 1, 3, budget.spacingMillis(Integer.MAX_VALUE, T0)))
			.isEqualTo(1000);
		// Before any announcement, the documented standard tier.
		assertThat(budget.spacingMillis(null, T0)).isEqualTo(750);

		budget.penalise(T0);
		assertThat(budget.spacingMillis(100, T0)).isEqualTo(1500);
		budget.penalise(T0 + 1000);
		assertThat(budget.spacingMillis(100, T0 + 1000)).isEqualTo(3000);
		assertThat(budget.spacingMillis(100, T0 + 61_000)).isEqualTo(1500);
		assertThat(budget.spacingMillis(100, T0 + 121_000)).isEqualTo(750);
	}

	@Test
	void timeoutsReadAsPeopleWriteThem() {
		assertThat(WaitDurations.parse("90")).isEqualTo(Duration.ofSeconds(90));
		assertThat(WaitDurations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
		assertThat(WaitDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
		assertThat(WaitDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(WaitDurations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
		assertThat(WaitDurations.parse(null)).isNull();
		for (String bad : List.of("soon", "0", "-5s", "10x", "m")) {
			assertThatThrownBy(() -> WaitDurations.parse(bad)).isInstanceOf(UsageException.class)
				.hasMessageContaining("--timeout '" + bad + "'");
		}
		assertThat(WaitDurations.clock(75_000L)).isEqualTo("1:15");
		assertThat(WaitDurations.clock(3_723_000L)).isEqualTo("1:02:03");
		assertThat(WaitDurations.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
	}

	@Test
	void theVerdictMapsToTheDocumentedExitCodes() {
		FindingSummary some = new FindingSummary(1, 2, 0, 3, 0);
		WaitResult done = new WaitResult(List.of(scan("sc-1", "completed", 100, null, null, some)), false, null, null);
		ScanWaiter.requireSuccess(done, null, null);
		ScanWaiter.requireSuccess(done, null, Duration.ofMinutes(1));
		assertThatThrownBy(() -> ScanWaiter.requireSuccess(done, Severity.HIGH, null))
			.isInstanceOf(FindingsGateException.class)
			.hasMessage("Scan sc-1 found 3 findings at or above high (1 critical, 2 high).")
			.extracting(e -> ((S4eException) e).exitCode())
			.isEqualTo(1);
		WaitResult clean = new WaitResult(List.of(scan("sc-1", "completed", 100, null, null,
				new FindingSummary(0, 0, 0, 3, 1))), false, null, null);
		ScanWaiter.requireSuccess(clean, Severity.MEDIUM, null);

		WaitResult late = new WaitResult(List.of(scan("sc-2", "running", 40, "port_scan", 30L, some)), true, null,
				null);
		assertThatThrownBy(() -> ScanWaiter.requireSuccess(late, Severity.HIGH, Duration.ofMinutes(10)))
			.isInstanceOf(WaitFailedException.class)
			.hasMessage("Scan sc-2 (running, 40%, port_scan) did not finish within 10m; it keeps running: "
					+ "`scan watch` follows it.")
			.extracting(e -> ((S4eException) e).exitCode())
			.isEqualTo(4);

		Scan failed = new Scan("sc-3", "a-1010", null, "quick", "failed", null, 10, null, null, null, null, null,
				null, null, null, null, "Target unreachable", null, null, null);
		assertThatThrownBy(() -> ScanWaiter.requireSuccess(new WaitResult(List.of(failed), false, null, null), null,
				null))
			.isInstanceOf(WaitFailedException.class)
			.hasMessage("Scan sc-3 failed: Target unreachable.");
		WaitResult cancelled = new WaitResult(List.of(scan("sc-4", "cancelled", 30, null, null, null)), false, null,
				null);
		assertThatThrownBy(() -> ScanWaiter.requireSuccess(cancelled, null, null))
			.hasMessage("Scan sc-4 was cancelled.");
	}

	@Test
	void elapsedAndEtaCountFromWhatTheServerSaid() {
		Scan running = scan("sc-1", "running", 50, "port_scan", 60L, null);
		WatchedScan w = new WatchedScan(running, T0, null, null, T0 + 10_000, null);
		assertThat(w.etaSeconds(T0 + 10_000)).isEqualTo(60);
		assertThat(w.etaSeconds(T0 + 40_000)).isEqualTo(30);
		assertThat(w.etaSeconds(T0 + 400_000)).isZero();
		// started_at is 2026-04-28T12:00:00Z = T0
		assertThat(w.elapsedMillis(T0 + 42_000)).isEqualTo(42_000);
		WatchedScan noEta = new WatchedScan(scan("sc-1", "running", 25, null, null, null), T0, null, null, T0, null);
		assertThat(noEta.etaSeconds(T0 + 20_000)).isEqualTo(60);
		WatchedScan queued = watched(new Scan("sc-2", null, null, null, "queued", null, 0, null, null, null, null,
				null, null, null, null, null, null, null, null, null));
		assertThat(queued.elapsedMillis(T0 + 5000)).isNull();
		assertThat(queued.etaSeconds(T0 + 5000)).isNull();
	}

	@Test
	void framesFitTheWidthAndUseColourOnlyWhenAllowed() {
		List<WatchedScan> scans = List.of(
				watched(scan("sc-44021", "running", 40, "web_vulnerability_checks", 90L, new FindingSummary(1, 0, 2, 0, 0))),
				watched(scan("sc-44022", "failed", 12, null, null, null)),
				watched(scan("sc-44023", "completed", 100, null, null, FindingSummary.EMPTY)));
		List<AttributedString> plain = new WatchTable(false).frame(scans, T0 + 30_000, 140, 20, 0, "status");
		assertThat(plain).hasSize(5);
		assertThat(plain.get(0).toString()).contains("ID").contains("PROGRESS").contains("FINDINGS");
		assertThat(plain.get(1).toString()).startsWith("> sc-44021").contains("########").contains("40%")
			.contains("web_vulnerability_checks").contains("running").contains("0:30").contains("1:00")
			.contains("1C 0H 2M 0L 0I");
		assertThat(plain.get(2).toString()).startsWith("  sc-44022").contains("failed");
		assertThat(plain).allSatisfy(l -> assertThat(l.toAnsi()).doesNotContain("\u001b"));

		List<AttributedString> coloured = new WatchTable(true).frame(scans, T0 + 30_000, 140, 20, 0, "status");
		assertThat(coloured.get(1).toAnsi()).contains("\u001b[");
		assertThat(coloured.get(1).toString()).isEqualTo(plain.get(1).toString());

		for (int width : List.of(120, 90, 70, 40)) {
			assertThat(new WatchTable(true).frame(scans, T0, width, 20, 0, "a long status line ".repeat(10)))
				.allSatisfy(l -> assertThat(l.columnLength()).isLessThan(width));
		}
		// Too many rows for the height: a window around the highlight, and a note.
		List<AttributedString> small = new WatchTable(false).frame(scans, T0, 140, 4, 2, null);
		assertThat(small).hasSize(3);
		assertThat(small.get(1).toString()).contains("sc-44023");
		assertThat(small.get(2).toString()).contains("2 more");
	}

	@Test
	void thePlainLogWritesOneLinePerStateOrPhaseChangeAndNoEscapes() {
		StringWriter out = new StringWriter();
		PlainWatchLog log = new PlainWatchLog(new PrintWriter(out), new VirtualTime());
		WatchedScan queued = watched(scan("sc-1", "queued", 0, null, null, null));
		WatchedScan running = watched(scan("sc-1", "running", 10, "port_scan", null, null));
		WatchedScan moved = watched(scan("sc-1", "running", 30, "port_scan", null, null));
		WatchedScan next = watched(scan("sc-1", "running", 60, "tls\u001b[31m", null, null));
		log.onChange(new WatchChange(WatchChange.Kind.ADDED, queued, null));
		log.onChange(new WatchChange(WatchChange.Kind.STATUS, running, queued));
		log.onChange(new WatchChange(WatchChange.Kind.PROGRESS, moved, running));
		log.onChange(new WatchChange(WatchChange.Kind.FINDINGS, moved, moved));
		log.onChange(new WatchChange(WatchChange.Kind.PHASE, next, moved));
		log.onNotice("No event stream (HTTP 404): polling within the rate limit instead.");
		List<String> lines = out.toString().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("sc-1 example.com (quick): queued 0%");
		assertThat(lines.get(1)).contains("running 10%, phase port_scan");
		assertThat(lines.get(2)).contains("running 60%, phase tls");
		assertThat(out.toString()).doesNotContain("\u001b");
	}

}
