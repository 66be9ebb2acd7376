package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/**
 * The playbook DSL against every fault of {@link FaultMatrixTest#cases()}: each DSL call in a playbook run with
 * `run FILE` through the shell, once as `scripts/s4e run` runs it (non-interactive: the exit code) and once as the
 * interactive loop does (the next line must still run). Expected each time: one error line naming the playbook's
 * line and the fault, no stack trace, exit code 3, and the session as it was. The table is written into
 * docs/reliability.md.
 */
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ReliabilityShell.Beans.class)
class PlaybookFaultMatrixTest {

	static final String TOKEN = "s4e_test_playbookfaults_7e2a";

	/** The faults are met within a second: a stalled body needs only the call timeout to pass. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * One DSL call: the playbook that makes it, and the line the call is on. Calls on a handle first get the handle
	 * (answered), then look at the session's last scan again, so that the failing call is the only one that could
	 * change the session.
	 */
	record Call(String name, String file, int line, List<String> text) {
	}

	static final List<Call> CALLS = List.of(
			new Call("s4e.assets(...)", "assets.groovy", 1,
					List.of("s4e.assets(type: 'domain').each { println it.name }")),
			new Call("s4e.asset(id)", "asset.groovy", 2, List.of("// one asset", "println s4e.asset('a-1001').name")),
			new Call("s4e.scan(...)", "scan.groovy", 1,
					List.of("def h = s4e.scan('a-1001', 'quick', priority: 'high')", "println h.id")),
			new Call("handle.status()", "status.groovy", 3, onAHandle("println h.status().progress")),
			new Call("handle.results()", "results.groovy", 3,
					onAHandle("h.results(severity: ['critical', 'high']).each { println it.title }")),
			new Call("handle.cancel()", "cancel.groovy", 3, onAHandle("println h.cancel().status")),
			new Call("s4e.scans(...)", "scans.groovy", 1, List.of("println s4e.scans(status: 'running').size()")),
			new Call("s4e.findings(...)", "findings.groovy", 1,
					List.of("println s4e.findings(severity: s4e.atLeast('high'), status: 'open').size()")),
			new Call("s4e.finding(id)", "finding.groovy", 1, List.of("println s4e.finding('f-1').title")),
			new Call("s4e.triage(...)", "triage.groovy", 1,
					List.of("s4e.triage('f-1', 'false_positive', note: 'WAF blocks it')")));

	static List<String> onAHandle(String call) {
		return List.of("def h = s4e.handle('sc-1')", "s4e.handle('sc-kept')", call);
	}

	static final String SCAN = "{\"data\":{\"scan_id\":\"%s\",\"asset_id\":\"a-1001\",\"scan_type\":\"quick\","
			+ "\"status\":\"running\",\"progress\":50}}";

	/** One call met one fault, both ways. */
	record Outcome(Call call, FaultMatrixTest.Case fault, ReliabilityShell.Run batch, boolean batchIntact,
			ReliabilityShell.Run interactive, boolean nextLineRan, boolean interactiveIntact) {
	}

	@Autowired
	S4eShellRunner runner;

	@Autowired
	SessionService sessions;

	static final Path PLAYBOOKS = ReliabilityShell.HOME.resolve("playbooks");

	@BeforeAll
	static void playbooksAndSwitch() throws IOException {
		Files.createDirectories(PLAYBOOKS);
		for (Call c : CALLS) {
			Files.writeString(PLAYBOOKS.resolve(c.file()), String.join("\n", c.text()) + "\n");
		}
		// "Connection refused" for a call on a handle: the handle is fetched from WireMock, then nothing listens.
		ReliabilityShell.WIREMOCK.addMockServiceRequestListener((request, response) -> {
			if (request.getUrl().startsWith("/api/scan/sc-kept")) {
				ReliabilityShell.CONNECTION.switchIfArmed();
			}
		});
	}

	@Test
	void everyDslCallMeetsEveryFaultWithOneClearLine() throws Exception {
		SessionStore session = sessions.store();
		session.update(s -> s
			.withRecentScan(new SessionState.RecentScan("sc-kept", "a-1001", "quick", "2026-01-01T00:00:00Z", "shell"))
			.withLastScanId("sc-kept")
			.withCurrentAssetId("a-1001"));
		byte[] baseline = Files.readAllBytes(session.file());

		List<Outcome> outcomes = new ArrayList<>();
		for (FaultMatrixTest.Case fault : FaultMatrixTest.cases()) {
			for (Call call : CALLS) {
				String line = "run " + PLAYBOOKS.resolve(call.file());
				arm(fault, call);
				ReliabilityShell.Run batch = ReliabilityShell.run(runner, line);
				boolean batchIntact = intact(session, baseline);
				arm(fault, call);
				List<ReliabilityShell.Run> lines = ReliabilityShell.interactive(runner, line, "version");
				boolean interactiveIntact = intact(session, baseline);
				ReliabilityShell.Run next = lines.get(1);
				outcomes.add(new Outcome(call, fault, batch, batchIntact, lines.get(0),
						next.exitCode() == 0 && next.out().startsWith("s4e-shell "), interactiveIntact));
			}
		}
		ReliabilityDoc.replaceSection("playbook-fault-matrix", table(outcomes));

		assertThat(outcomes).hasSize(FaultMatrixTest.cases().size() * CALLS.size());
		List<String> failures = outcomes.stream()
			.filter(o -> !ok(o))
			.map(o -> o.call().name() + " / " + o.fault().name() + ": exit " + o.batch().exitCode() + ", session "
					+ (o.batchIntact() && o.interactiveIntact() ? "intact" : "CHANGED") + ", next line "
					+ (o.nextLineRan() ? "ran" : "FAILED") + ", stderr: " + o.batch().err().strip()
					+ (o.batch().out().isBlank() ? "" : ", stdout: " + o.batch().out().strip()) + " | interactive: "
					+ o.interactive().err().strip())
			.toList();
		assertThat(failures)
			.as("DSL calls that did not end in one clear line at the playbook's line, exit 3, a running shell and an "
					+ "intact session")
			.isEmpty();
	}

	/** Serves the fault (the handle a call needs is answered first), or points the shell at a dead port. */
	private static void arm(FaultMatrixTest.Case fault, Call call) {
		ReliabilityShell.WIREMOCK.resetAll();
		ClientConfig wireMock = ReliabilityShell.config(ReliabilityShell.wireMockUrl(), TOKEN, CALL_TIMEOUT);
		ClientConfig dead = ReliabilityShell.config("http://127.0.0.1:" + ReliabilityShell.deadPort(), TOKEN,
				CALL_TIMEOUT);
		for (String id : List.of("sc-1", "sc-kept")) {
			ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/scan/" + id)).atPriority(1)
				.willReturn(okJson(SCAN.formatted(id))));
		}
		if (fault.response() != null) {
			var response = fault.response().get();
			if (fault.name().equals("stalled body")) {
				// Past the call timeout, but short: dribbling answers hold WireMock's threads while they last.
				response = response.withChunkedDribbleDelay(20, 2_500);
			}
			ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).atPriority(10).willReturn(response));
			ReliabilityShell.CONNECTION.pointAt(wireMock);
		}
		else if (call.text().get(0).startsWith("def h = s4e.handle(")) {
			// The handle is answered by WireMock; from the next request on, nothing listens.
			ReliabilityShell.CONNECTION.pointAt(wireMock);
			ReliabilityShell.CONNECTION.pointAtLater(dead);
		}
		else {
			ReliabilityShell.CONNECTION.pointAt(dead);
		}
	}

	/**
	 * The session as it was: the last scan, the current asset, the filters and every journal entry (a call on a
	 * handle first reads the handle, which rewrites the file with the same content, a new time stamp and the journal
	 * in date order).
	 */
	private static boolean intact(SessionStore session, byte[] baseline) throws IOException {
		SessionState now = SessionStore.open(ReliabilityShell.dirs().state(), "reliability").current();
		SessionState before = new com.fasterxml.jackson.databind.ObjectMapper().readValue(baseline, SessionState.class);
		boolean same = "sc-kept".equals(now.lastScanId()) && java.util.Objects.equals(now.lastScanId(), before.lastScanId())
				&& java.util.Objects.equals(now.currentAssetId(), before.currentAssetId())
				&& now.filters().equals(before.filters())
				&& new java.util.HashSet<>(now.recentScans()).equals(new java.util.HashSet<>(before.recentScans()));
		if (!same) {
			Files.write(session.file(), baseline);
		}
		return same;
	}

	private static boolean clear(ReliabilityShell.Run run, Call call, FaultMatrixTest.Case fault) {
		List<String> lines = run.errorLines();
		return lines.size() == 1 && lines.get(0).contains(call.file() + ":" + call.line() + ": ")
				&& Pattern.compile(fault.mustSay(), Pattern.CASE_INSENSITIVE).matcher(lines.get(0)).find()
				&& !lines.get(0).contains(TOKEN) && !(run.err() + run.out()).contains("\tat ")
				&& !(run.err() + run.out()).contains("Exception");
	}

	private static boolean ok(Outcome o) {
		return o.batch().exitCode() == 3 && clear(o.batch(), o.call(), o.fault()) && o.batchIntact()
				&& clear(o.interactive(), o.call(), o.fault()) && o.nextLineRan() && o.interactiveIntact();
	}

	private static String table(List<Outcome> outcomes) {
		StringBuilder doc = new StringBuilder();
		doc.append("Generated by `PlaybookFaultMatrixTest` on every `./mvnw verify`: each DSL call in a playbook run ")
			.append("with `run FILE` (`scripts/s4e run FILE` non-interactively, and again as the interactive loop ")
			.append("runs a line) against each fault. A cell is the non-interactive exit code; ✓ means both ways ")
			.append("printed exactly one error line, `FILE:LINE: ...` at the call's line and naming the fault, no ")
			.append("stack trace, the session held what it held (last scan, current asset, filters, journal), and interactively the next line ran.\n\n");
		doc.append("| Fault |");
		CALLS.forEach(c -> doc.append(" `").append(c.name()).append("` |"));
		doc.append("\n|---|");
		CALLS.forEach(c -> doc.append("---|"));
		doc.append('\n');
		Map<String, List<Outcome>> byFault = new LinkedHashMap<>();
		outcomes.forEach(o -> byFault.computeIfAbsent(o.fault().name(), k -> new ArrayList<>()).add(o));
		byFault.forEach((fault, row) -> {
			doc.append("| ").append(fault).append(" |");
			row.forEach(o -> doc.append(' ').append(o.batch().exitCode()).append(ok(o) ? " ✓" : " ✗").append(" |"));
			doc.append('\n');
		});
		doc.append("\nThe line printed for `s4e.scan(...)` and `handle.status()` under each fault:\n\n");
		doc.append("| Fault | `s4e.scan(...)` (scan.groovy line 1) | `handle.status()` (status.groovy line 3) |\n");
		doc.append("|---|---|---|\n");
		byFault.forEach((fault, row) -> doc.append("| ").append(fault).append(" | ")
			.append(cell(row, "s4e.scan(...)")).append(" | ").append(cell(row, "handle.status()")).append(" |\n"));
		return doc.toString();
	}

	private static String cell(List<Outcome> row, String call) {
		return row.stream()
			.filter(o -> o.call().name().equals(call))
			.map(o -> o.batch().errorLines().isEmpty() ? "(no error line)" : o.batch().errorLines().get(0))
			.map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replace("|", "\\|"))
			.findFirst()
			.orElse("");
	}

}
