package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/**
 * Every command against every fault a server or network can produce, through the non-interactive shell: one clear
 * error line, the documented exit code, the shell still answering the next command, and the session file
 * unchanged. The outcome table is written into docs/reliability.md.
 */
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ReliabilityShell.Beans.class)
class FaultMatrixTest {

	static final String TOKEN = "s4e_test_faultmatrix_5c1d";

	/** Every command that talks to the API, with the arguments it needs. */
	static final Map<String, String> COMMANDS = new LinkedHashMap<>();

	static {
		COMMANDS.put("scan create", "scan create --asset a-1001 --type quick");
		COMMANDS.put("scan list", "scan list");
		COMMANDS.put("scan show", "scan show sc-1");
		COMMANDS.put("scan status", "scan status sc-1");
		COMMANDS.put("scan cancel", "scan cancel sc-1");
		COMMANDS.put("scan results", "scan results sc-1");
		COMMANDS.put("asset list", "asset list");
		COMMANDS.put("asset show", "asset show a-1001");
		COMMANDS.put("finding list", "finding list");
		COMMANDS.put("finding show", "finding show f-1");
		COMMANDS.put("finding triage", "finding triage f-1 --status resolved");
		COMMANDS.put("auth status", "auth status");
	}

	/** A fault: what the server does (null: nothing listens), and what the error line must say (a regex). */
	record Case(String name, Supplier<ResponseDefinitionBuilder> response, String mustSay) {
	}

	static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("401 Unauthorized", () -> json(401, "unauthorized", "Invalid or expired API token"), "401"));
		cases.add(new Case("403 Forbidden", () -> json(403, "insufficient_scope", "Token lacks scans:write"), "403"));
		cases.add(new Case("404 Not Found", () -> json(404, "not_found", "No such resource"), "not found"));
		cases.add(new Case("409 Conflict", () -> json(409, "conflict", "Resource state conflict"), "409|cannot be cancelled"));
		cases.add(new Case("429 Retry-After seconds",
				() -> json(429, "rate_limited", "Too many requests").withHeader("Retry-After", "1"), "429"));
		cases.add(new Case("429 Retry-After HTTP-date", () -> json(429, "rate_limited", "Too many requests")
			.withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME
				.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1))), "429"));
		cases.add(new Case("500 Internal Server Error", () -> json(500, "internal_error", "Unexpected failure"), "500"));
		cases.add(new Case("502 Bad Gateway", () -> aResponse().withStatus(502).withBody("Bad Gateway"), "502"));
		cases.add(new Case("503 Service Unavailable",
				() -> json(503, "maintenance", "Down for maintenance").withHeader("Retry-After", "1"), "503"));
		cases.add(new Case("connection refused", null, "connection refused"));
		cases.add(new Case("connection reset",
				() -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "Cannot reach|connection failed"));
		cases.add(new Case("stalled body", () -> aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"running\",\"progress\":50}}")
			.withChunkedDribbleDelay(20, 15_000), "No answer|timeout"));
		cases.add(new Case("malformed JSON", () -> aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"data\": {\"scan_id\": \"sc-1\", \"status\": "), "not valid JSON"));
		cases.add(new Case("HTML error page", () -> aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html")
			.withBody("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
					+ "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"),
				"HTML page"));
		cases.add(new Case("empty body", () -> aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json"), "empty body"));
		return cases;
	}

	static ResponseDefinitionBuilder json(int status, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
	}

	/** One command met one fault. */
	record Outcome(String command, Case fault, ReliabilityShell.Run run, boolean stillRunning, boolean sessionIntact) {
	}

	@Autowired
	S4eShellRunner runner;

	@Autowired
	SessionService sessions;

	/** The session of the profile the shell runs on. */
	SessionStore session;

	@BeforeEach
	void currentSession() {
		session = sessions.store();
	}

	@Test
	void everyCommandMeetsEveryFaultWithOneClearLine() throws Exception {
		session.update(s -> s
			.withRecentScan(new SessionState.RecentScan("sc-kept", "a-1001", "quick", "2026-01-01T00:00:00Z", "shell"))
			.withLastScanId("sc-kept")
			.withCurrentAssetId("a-1001"));
		Path file = session.file();
		byte[] baseline = Files.readAllBytes(file);

		List<Outcome> outcomes = new ArrayList<>();
		for (Case fault : cases()) {
			for (Map.Entry<String, String> command : COMMANDS.entrySet()) {
				ReliabilityShell.WIREMOCK.resetAll();
				if (fault.response() == null) {
					ReliabilityShell.CONNECTION
						.pointAt(ReliabilityShell.config("http://127.0.0.1:" + ReliabilityShell.deadPort(), TOKEN));
				}
				else {
					ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).willReturn(fault.response().get()));
					ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(ReliabilityShell.wireMockUrl(), TOKEN));
				}
				ReliabilityShell.Run run = ReliabilityShell.run(runner, command.getValue());
				ReliabilityShell.Run next = ReliabilityShell.run(runner, "version");
				boolean intact = java.util.Arrays.equals(baseline, Files.readAllBytes(file))
						&& SessionStore.open(ReliabilityShell.dirs().state(), "reliability").current().lastScanId()
							.equals("sc-kept");
				if (!intact) {
					// Put the baseline back so one case's damage is not blamed on the next.
					Files.write(file, baseline);
				}
				outcomes.add(new Outcome(command.getKey(), fault, run,
						next.exitCode() == 0 && next.out().startsWith("s4e-shell "), intact));
			}
		}
		ReliabilityDoc.replaceSection("fault-matrix", table(outcomes));

		assertThat(outcomes).hasSize(cases().size() * COMMANDS.size());
		List<String> failures = outcomes.stream().filter(o -> !ok(o) || o.run().exitCode() != 3
				|| o.run().err().contains("Exception") || o.run().errorLines().get(0).contains(TOKEN))
			.map(o -> o.command() + " / " + o.fault().name() + ": exit " + o.run().exitCode() + ", next command "
					+ (o.stillRunning() ? "ran" : "FAILED") + ", session " + (o.sessionIntact() ? "intact" : "CHANGED")
					+ ", stderr: " + o.run().err().strip() + (o.run().out().isBlank() ? "" : ", stdout: " + o.run().out().strip()))
			.toList();
		assertThat(failures).as("cases that did not end in one clear line, exit 3, a running shell and an intact session")
			.isEmpty();
	}

	/**
	 * The sandbox's own refusals, as a real server gives them: a wrong token, a token without permissions, unknown
	 * IDs, cancelling a finished scan, and the scan-creation rate limit.
	 */
	@Test
	void theSandboxsRefusalsAreOneClearLineEach() throws Exception {
		String full = "s4e_test_matrix_full_1";
		try (io.s4e.shell.sandbox.SandboxServer sandbox = io.s4e.shell.sandbox.SandboxServer
			.start(io.s4e.shell.sandbox.SandboxConfig.builder()
				.defaultToken(full)
				.token(io.s4e.shell.sandbox.SandboxToken.of("s4e_test_matrix_none_1"))
				.tierRateLimit(io.s4e.shell.sandbox.SandboxRateLimit.unlimited())
				.createRateLimit(io.s4e.shell.sandbox.SandboxRateLimit.perMinute(1))
				.build())) {
			ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(sandbox.baseUrl(), full));
			ReliabilityShell.Run finished = ReliabilityShell.run(runner, "scan list --status completed --per-page 1 -o json --jq '.[0].scan_id'");
			String done = finished.out().strip().replace("\"", "");
			assertThat(done).as(finished.err()).isNotBlank();
			session.update(s -> s.withLastScanId("sc-kept"));
			byte[] baseline = Files.readAllBytes(session.file());

			List<String[]> cases = new ArrayList<>();
			for (String command : COMMANDS.values()) {
				cases.add(new String[] { "401 wrong token", "s4e_test_matrix_wrong_1", command, "401" });
				cases.add(new String[] { "403 token without permissions", "s4e_test_matrix_none_1", command, "403" });
			}
			for (String command : List.of("scan show sc-nope", "scan status sc-nope", "scan cancel sc-nope",
					"scan results sc-nope", "asset show a-0000", "finding show f-nope",
					"finding triage f-nope --status resolved", "scan create --asset a-0000 --type quick")) {
				cases.add(new String[] { "404 unknown ID", full, command, "not found" });
			}
			cases.add(new String[] { "409 cancel a finished scan", full, "scan cancel " + done, "cannot be cancelled" });
			cases.add(new String[] { "429 scan-creation limit", full, "scan create --asset a-1002 --type quick", "429" });

			StringBuilder doc = new StringBuilder("| Sandbox refusal | Command | Exit | Line |\n|---|---|---|---|\n");
			List<String> failures = new ArrayList<>();
			for (String[] c : cases) {
				ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(sandbox.baseUrl(), c[1]));
				ReliabilityShell.Run run = ReliabilityShell.run(runner, c[2]);
				for (int asset = 1003; c[0].startsWith("429") && run.exitCode() == 0 && asset < 1010; asset++) {
					// Creations until the per-minute allowance is spent; each success is recorded, as it should be.
					session.update(s -> s.withLastScanId("sc-kept"));
					baseline = Files.readAllBytes(session.file());
					run = ReliabilityShell.run(runner, "scan create --asset a-" + asset + " --type quick");
				}
				boolean next = ReliabilityShell.run(runner, "version").exitCode() == 0;
				boolean intact = java.util.Arrays.equals(baseline, Files.readAllBytes(session.file()));
				List<String> lines = run.errorLines();
				boolean ok = run.exitCode() == 3 && lines.size() == 1 && next && intact
						&& java.util.regex.Pattern.compile(c[3], java.util.regex.Pattern.CASE_INSENSITIVE)
							.matcher(lines.get(0)).find();
				if (!ok) {
					failures.add(c[0] + " / " + c[2] + ": exit " + run.exitCode() + ", next " + next + ", intact "
							+ intact + ", " + run.err().strip());
					Files.write(session.file(), baseline);
				}
				if (c[0].startsWith("4") && (c[2].startsWith("scan show") || c[2].startsWith("scan cancel")
						|| c[2].startsWith("scan create") || c[2].startsWith("finding triage"))) {
					doc.append("| ").append(c[0]).append(" | `").append(c[2].replace(done, "SCAN")).append("` | ")
						.append(run.exitCode()).append(ok ? " ✓" : " ✗").append(" | ")
						.append(lines.isEmpty() ? "" : lines.get(0).replace(done, "SCAN").replace("|", "\\|"))
						.append(" |\n");
				}
			}
			ReliabilityDoc.replaceSection("sandbox-refusals", "Generated by `FaultMatrixTest#theSandboxsRefusalsAreOneClearLineEach`: "
					+ cases.size() + " cases (every command with a wrong token and with a token without permissions, "
					+ "unknown IDs, a finished scan, the creation limit), all ending in one line, exit 3, the next command "
					+ "running and the session file unchanged. A selection:\n\n" + doc);
			assertThat(failures).isEmpty();
		}
	}

	@Test
	void usageErrorsAreOneLineWithExitTwoAndTheShellGoesOn() {
		ReliabilityShell.WIREMOCK.resetAll();
		ReliabilityShell.WIREMOCK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
				com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/scans"))
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
					"{\"data\":[{\"scan_id\":\"sc-1\",\"status\":\"queued\"}]}")));
		ReliabilityShell.WIREMOCK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
				com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/assets"))
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
					"{\"data\":[{\"id\":\"a-1\",\"name\":\"example.com\"}]}")));
		ReliabilityShell.WIREMOCK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
				com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/findings"))
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"data\":[]}")));
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(ReliabilityShell.wireMockUrl(), TOKEN));
		for (String line : List.of("scan list -o sarif", "asset list -o sarif", "scan list -o xml", "scan list --bogus",
				"scan show a b", "scan create --type", "finding list --columns nope", "scna list",
				"asset list --jq '.['", "scan create --asset a-1 --type quick --option =x")) {
			ReliabilityShell.Run run = ReliabilityShell.run(runner, line);
			assertThat(run.exitCode()).as(line + ": " + run.err()).isEqualTo(2);
			assertThat(run.errorLines()).as(line).hasSize(1);
			assertThat(run.err()).as(line).doesNotContain("Unexpected error").doesNotContain("\tat ");
			assertThat(ReliabilityShell.run(runner, "version").exitCode()).isZero();
		}
	}

	private static String table(List<Outcome> outcomes) {
		StringBuilder doc = new StringBuilder();
		doc.append("Generated by `FaultMatrixTest` on every `./mvnw verify`: each command run non-interactively ")
			.append("(`s4e < file`) against each fault. A cell is the exit code; ✓ means exactly one error line ")
			.append("naming the fault, no stack trace, the next command ran, and the session file is byte-identical.\n\n");
		doc.append("| Fault |");
		COMMANDS.keySet().forEach(c -> doc.append(' ').append(c).append(" |"));
		doc.append("\n|---|");
		COMMANDS.keySet().forEach(c -> doc.append("---|"));
		doc.append('\n');
		Map<String, List<Outcome>> byFault = new LinkedHashMap<>();
		outcomes.forEach(o -> byFault.computeIfAbsent(o.fault().name(), k -> new ArrayList<>()).add(o));
		byFault.forEach((fault, row) -> {
			doc.append("| ").append(fault).append(" |");
			row.forEach(o -> doc.append(' ').append(o.run().exitCode()).append(ok(o) ? " ✓" : " ✗").append(" |"));
			doc.append('\n');
		});
		doc.append("\nThe line printed for `scan show sc-1` and `scan create` under each fault:\n\n");
		doc.append("| Fault | `scan show sc-1` | `scan create` |\n|---|---|---|\n");
		byFault.forEach((fault, row) -> doc.append("| ").append(fault).append(" | ")
			.append(cell(row, "scan show")).append(" | ").append(cell(row, "scan create")).append(" |\n"));
		return doc.toString();
	}

	private static boolean ok(Outcome o) {
		List<String> lines = o.run().errorLines();
		return lines.size() == 1
				&& java.util.regex.Pattern.compile(o.fault().mustSay(), java.util.regex.Pattern.CASE_INSENSITIVE)
					.matcher(lines.get(0))
					.find()
				&& !o.run().err().contains("\tat ") && o.stillRunning() && o.sessionIntact();
	}

	private static String cell(List<Outcome> row, String command) {
		return row.stream()
			.filter(o -> o.command().equals(command))
			.map(o -> o.run().errorLines().isEmpty() ? "(no error line)" : o.run().errorLines().get(0))
			.map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replace("|", "\\|"))
			.findFirst()
			.orElse("");
	}

}
