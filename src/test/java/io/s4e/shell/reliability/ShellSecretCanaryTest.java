package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;

import com.github.tomakehurst.wiremock.http.Fault;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.console.S4eShellRunner;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * With a canary token, every command in every output format, the {@code --debug} HTTP log, every error path,
 * {@code stacktrace}, the history file and the one-shot shell in a child process: the canary appears in no output,
 * log, history, session or other file the shell writes. No command takes the token as an argument.
 */
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ReliabilityShell.Beans.class)
class ShellSecretCanaryTest {

	static final String CANARY = "s4e_live_CANARY_SHELL_4e1f9b2c7d";

	static SandboxServer sandbox;

	@Autowired
	S4eShellRunner runner;

	@Autowired
	CommandRegistry registry;

	@Autowired
	History history;

	@BeforeAll
	static void startSandbox() throws IOException {
		sandbox = SandboxServer.start(SandboxConfig.builder()
			.defaultToken(CANARY)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.build());
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.stop();
	}

	/** Every command of the shell, with each output format where it has one. */
	static List<String> everyCommand() {
		List<String> lines = new ArrayList<>();
		lines.add("scan create --asset a-1002 --type quick");
		for (String format : List.of("table", "json", "jsonl", "csv", "yaml", "sarif")) {
			if (!format.equals("sarif")) {
				lines.add("scan list -o " + format);
				lines.add("asset list -o " + format);
			}
			lines.add("finding list --per-page 5 -o " + format);
			lines.add("scan results last -o " + format);
		}
		for (String format : List.of("table", "json", "yaml")) {
			lines.add("scan create --asset a-1003 --type quick -o " + format);
			lines.add("scan show -o " + format);
			lines.add("scan status -o " + format);
			lines.add("asset show a-1003 -o " + format);
			lines.add("session show -o " + format);
		}
		lines.add("scan create --asset a-1004 --type full --option max_depth=2");
		lines.add("scan cancel last -o json");
		lines.add("finding show FINDING");
		lines.add("finding show FINDING -o sarif");
		lines.add("finding triage FINDING --status confirmed --note checked -o json");
		lines.add("use asset a-1003");
		lines.add("filter set scan.status=completed");
		lines.add("filter show");
		lines.add("filter clear");
		lines.add("use none");
		lines.add("auth status");
		lines.add("profile list");
		lines.add("version");
		lines.add("help");
		lines.add("help scan create");
		return lines;
	}

	@Test
	void everyCommandFormatAndErrorPathWithTheDebugLog() throws Exception {
		List<String> seen = new ArrayList<>();
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(sandbox.baseUrl(), CANARY).withDebugHttp(true));
		String finding = null;
		for (String line : everyCommand()) {
			if (line.contains("FINDING")) {
				if (finding == null) {
					ReliabilityShell.Run list = ReliabilityShell.run(runner, "finding list --per-page 1 -o json --jq '.[0].id'");
					finding = list.out().strip().replace("\"", "");
				}
				line = line.replace("FINDING", finding);
			}
			ReliabilityShell.Run run = ReliabilityShell.run(runner, line);
			assertThat(run.exitCode()).as(line + ": " + run.err()).isZero();
			seen.add(line + "\n" + run.out() + run.err());
		}
		assertThat(String.join("\n", seen)).as("the debug log ran").contains("[http] --> GET").contains("[auth: ****]");

		// Error paths: the sandbox's own refusals, then a server that echoes the token back in every way it can.
		for (String line : List.of("scan show sc-nope", "asset show a-0000", "scan create --asset a-1001 --type deep",
				"finding triage f-nope --status bogus", "scan list --per-page 500", "stacktrace")) {
			ReliabilityShell.Run run = ReliabilityShell.run(runner, line);
			seen.add(line + "\n" + run.out() + run.err());
		}
		String echo = "{\"status\":\"error\",\"error\":{\"code\":\"" + CANARY + "\",\"message\":\"token " + CANARY
				+ " is bad\",\"field\":\"" + CANARY + "\",\"scan_id\":\"" + CANARY + "\",\"required_scope\":\"" + CANARY
				+ "\"}}";
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(ReliabilityShell.wireMockUrl(), CANARY)
			.withDebugHttp(true));
		for (int status : new int[] { 400, 401, 403, 404, 409, 422, 429, 500, 502, 503 }) {
			ReliabilityShell.WIREMOCK.resetAll();
			ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
				.withHeader("Retry-After", "0")
				.withHeader("X-Echo", CANARY)
				.withBody(echo)));
			for (String line : List.of("scan show sc-1", "scan create --asset a-1 --type quick", "finding list",
					"finding triage f-1 --status resolved", "auth status", "stacktrace")) {
				ReliabilityShell.Run run = ReliabilityShell.run(runner, line);
				seen.add(status + " " + line + "\n" + run.out() + run.err());
			}
		}
		ReliabilityShell.WIREMOCK.resetAll();
		ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withBody("<html><title>Proxy saw Bearer " + CANARY + "</title></html>")));
		seen.add(ReliabilityShell.run(runner, "scan show sc-1", "stacktrace").toString());
		ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		seen.add(ReliabilityShell.run(runner, "scan list").toString());
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config("http://127.0.0.1:" + ReliabilityShell.deadPort(),
				CANARY).withDebugHttp(true));
		seen.add(ReliabilityShell.run(runner, "scan list", "stacktrace").toString());

		assertThat(seen).hasSizeGreaterThan(100).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
		assertNoFileHolds(ReliabilityShell.HOME);
	}

	/**
	 * A playbook that prints the client and everything around it it can reach: the DSL objects, their dumps and
	 * inspections, a handle, a lazy list's insides, and the ways into the services behind {@code s4e} (refused);
	 * then it exports findings in every format. No output and no file holds the canary.
	 */
	@Test
	void aPlaybookThatPrintsTheClientPrintsNoToken() throws Exception {
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(sandbox.baseUrl(), CANARY).withDebugHttp(true));
		java.nio.file.Files.createDirectories(ReliabilityShell.HOME.resolve("exports"));
		java.nio.file.Path file = ReliabilityShell.HOME.resolve("print-client.groovy");
		java.nio.file.Files.writeString(file, """
				[s4e, session, log, args, out].each { println it; println it.dump(); println it.inspect() }
				println s4e.target
				def h = s4e.scan('a-1003', 'quick')
				println h; println h.dump(); println h.status(); println h.scan
				def assets = s4e.assets()
				println assets.take(2); println assets.dump()
				[{ s4e.services() }, { s4e.getMetaClass().invokeMethod(s4e, 'services', null) },
				 { s4e.getMetaClass().getAttribute(s4e, 'services') }, { assets.source.arg$1.services() },
				 { h.dsl }, { session.session }, { log.err }].each {
				  try { println it() } catch (e) { println e.message }
				}
				def findings = s4e.findings(severity: 'critical')
				println findings.take(1)
				['sarif', 'csv', 'json', 'jsonl', 'yaml', 'md'].each { export(findings, "EXPORTS/findings.${it}") }
				export(s4e.scans(), 'EXPORTS/scans.json')
				log 'done'
				""".replace("EXPORTS", ReliabilityShell.HOME.resolve("exports").toString()));
		List<String> seen = new ArrayList<>();
		ReliabilityShell.Run run = ReliabilityShell.run(runner, "run " + file);
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out()).contains("s4e[target=").contains("has no method 'services'");
		try (var exports = java.nio.file.Files.list(ReliabilityShell.HOME.resolve("exports"))) {
			assertThat(exports.map(p -> p.getFileName().toString())).as("every export format was written")
				.contains("findings.sarif", "findings.csv", "findings.json", "findings.jsonl", "findings.yaml",
						"findings.md", "scans.json");
		}
		seen.add(run.out() + run.err());
		seen.add(ReliabilityShell.run(runner, "groovy 's4e.dump() + s4e.inspect() + session.dump()'").toString());
		seen.add(ReliabilityShell.run(runner, "groovy 's4e.services()'", "stacktrace").toString());
		assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
		assertNoFileHolds(ReliabilityShell.HOME);
	}

	@Test
	void historyKeepsCommandsButNeverAPastedToken() throws Exception {
		Path file = ReliabilityShell.dirs().state().resolve("history");
		String typed = "scan list -o json\n" + CANARY + "\nexport S4E_API_TOKEN=" + CANARY + "\nasset list\n";
		try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
				new ByteArrayOutputStream())) {
			LineReader reader = LineReaderBuilder.builder()
				.terminal(terminal)
				.history(history)
				.variable(LineReader.HISTORY_FILE, file)
				.build();
			for (int i = 0; i < 4; i++) {
				reader.readLine("> ");
			}
			history.save();
		}
		String saved = Files.readString(file);
		assertThat(saved).contains("scan list -o json").contains("asset list").doesNotContain(CANARY);
	}

	@Test
	void noCommandTakesTheTokenAsAnArgument() {
		for (Command command : registry.getCommands()) {
			for (CommandOption option : command.getOptions()) {
				assertThat(option.longName()).as("option of `%s`", command.getName())
					.doesNotMatch("(?i)(api[-_]?)?(token|key)|secret|password|bearer|credentials?");
			}
		}
		for (String line : List.of("auth login --token " + CANARY, "scan list --token " + CANARY,
				"auth status --api-key " + CANARY)) {
			ReliabilityShell.Run run = ReliabilityShell.run(runner, line);
			assertThat(run.exitCode()).isEqualTo(2);
			assertThat(run.err()).contains("Unknown option").doesNotContain(CANARY);
		}
	}

	@Test
	void oneShotShellInAChildProcess(@TempDir Path home) throws Exception {
		for (List<String> args : List.of(List.of("--debug", "scan", "create", "--asset", "a-1001", "--type", "dns"),
				List.of("--debug", "scan", "list", "-o", "json"),
				List.of("--debug", "finding", "list", "--per-page", "3", "-o", "csv"),
				List.of("--debug", "scan", "show", "sc-nope"))) {
			ChildShell.Result result = ChildShell.run(home, Map.of("S4E_API_TOKEN", CANARY, "S4E_BASE_URL",
					sandbox.baseUrl()), args, Duration.ofSeconds(90));
			assertThat(result.stderr()).as("the debug log ran").contains("[http] --> ");
			assertThat(result.stdout() + result.stderr()).doesNotContain(CANARY);
			assertThat(result.commandLine()).doesNotContain(CANARY);
		}
		assertThat(home.resolve(".local/state/s4e/default/session.json")).as("the one-shot create was recorded").exists();
		assertNoFileHolds(home);
	}

	/** Every file under the folder, whatever its name: the token is in none. */
	static void assertNoFileHolds(Path root) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter(Files::isRegularFile).toList();
		}
		assertThat(files).as("files the shell wrote under " + root).isNotEmpty();
		for (Path f : files) {
			assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
				.doesNotContain(CANARY);
		}
	}

	/** The packaged entry point, started as `scripts/s4e` starts it, with a private HOME. */
	static final class ChildShell {

		record Result(int exitCode, String stdout, String stderr, String commandLine) {
		}

		static Result run(Path home, Map<String, String> env, List<String> args, Duration limit) throws Exception {
			List<String> command = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
					"-Duser.home=" + home, "-Ds4e.stdin.tty=false", "-Ds4e.stdout.tty=false", "-Ds4e.stderr.tty=false", "-cp",
					System.getProperty("java.class.path"), S4eShellApplication.class.getName()));
			command.addAll(args);
			ProcessBuilder pb = new ProcessBuilder(command);
			pb.environment().keySet().removeIf(k -> k.startsWith("S4E_") || k.startsWith("XDG_"));
			pb.environment().put("HOME", home.toString());
			pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
			pb.environment().put("XDG_STATE_HOME", home.resolve(".local/state").toString());
			pb.environment().put("XDG_DATA_HOME", home.resolve(".local/share").toString());
			pb.environment().putAll(env);
			Path out = Files.createTempFile("s4e-child", ".out");
			Path err = Files.createTempFile("s4e-child", ".err");
			pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
			Process p = pb.start();
			p.getOutputStream().close();
			if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new AssertionError("the one-shot shell did not finish within " + limit + ": " + args);
			}
			Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err), String.join(" ", command));
			Files.delete(out);
			Files.delete(err);
			return r;
		}

		static String javaBin() {
			return Path.of(System.getProperty("java.home"), "bin", "java").toString();
		}

	}

}
