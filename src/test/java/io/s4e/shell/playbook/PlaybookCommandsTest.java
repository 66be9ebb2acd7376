package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.commands.ShellTestSupport;
import io.s4e.shell.console.ErrorReporter;

/** `run` and `groovy` as typed in the shell, against the shared test sandbox, sharing the shell's session. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class PlaybookCommandsTest {

	@Autowired
	ShellTestClient shell;

	@Autowired
	ErrorReporter errors;

	@BeforeEach
	void clean() throws Exception {
		shell.sendCommand("filter clear");
		shell.sendCommand("use none");
	}

	String run(String line) throws Exception {
		return String.join("\n", shell.sendCommand(line).lines()).strip();
	}

	ErrorReporter.Report failure(String line) {
		try {
			shell.sendCommand(line);
		}
		catch (Exception e) {
			return errors.report(e);
		}
		throw new AssertionError("expected `" + line + "` to fail");
	}

	static Path playbook(String name, String text) throws Exception {
		Path file = ShellTestSupport.HOME.resolve(name);
		Files.writeString(file, text);
		return file;
	}

	@Test
	void groovyEvaluatesAndPrintsLikeTheShell() throws Exception {
		assertThat(run("groovy '6 * 7'")).isEqualTo("42");
		assertThat(run("groovy \"s4e.asset('a-1001').name\"")).isEqualTo("example.com");
		assertThat(run("groovy \"s4e.assets(type: 'domain').take(2)\"").lines()).hasSize(3)
			.first()
			.satisfies(header -> assertThat(header).matches("ID +NAME +TYPE .*"));
		assertThat(run("groovy \"s4e.assets(type: 'domain').take(2)*.type\" -o jsonl").lines().map(String::strip))
			.containsExactly("\"domain\"", "\"domain\"");
	}

	@Test
	void runPassesArgsAndSharesTheSession() throws Exception {
		Path file = playbook("share.groovy", """
				session.use(args.asset)
				def h = s4e.scan(args.asset, 'quick')
				println "created ${h.id} on ${session.currentAsset}"
				""");
		String out = run("run " + file + " --arg asset=a-1003");
		assertThat(out).matches("created sc-\\d+ on a-1003");
		String id = out.split(" ")[1];
		// The shell sees what the playbook did: the current asset, the last scan, and the journal entry.
		assertThat(run("session show")).contains("Current asset: a-1003")
			.contains("Last scan:     " + id)
			.containsPattern(id + " +a-1003 +quick .* playbook:share");
		assertThat(run("scan show -o json")).contains("\"scan_id\" : \"" + id + "\"");
		run("scan cancel " + id);
	}

	@Test
	void aPlaybookFailingAfterCreatingScansLeavesThemInSessionShow() throws Exception {
		Path file = playbook("half.groovy", """
				def a = s4e.scan('a-1002', 'quick')
				def b = s4e.scan('a-1004', 'quick')
				println "${a.id} ${b.id}"
				fail "stopping after ${a.id} and ${b.id}"
				""");
		ErrorReporter.Report report = failure("run " + file);
		assertThat(report.exitCode()).isEqualTo(1);
		assertThat(report.line()).matches("half\\.groovy:4: stopping after sc-\\d+ and sc-\\d+\\.");
		String show = run("session show");
		for (String id : report.line().replaceAll(".*after ", "").replaceAll("\\.$", "").split(" and ")) {
			assertThat(show).containsPattern(id + " .* playbook:half");
			run("scan cancel " + id);
		}
	}

	@Test
	void errorsAreOneLocatedLineWithTheDocumentedExitCode() throws Exception {
		ErrorReporter.Report compile = failure("run " + playbook("bad.groovy", "def x = [1, 2\nprintln x\n"));
		assertThat(compile.line()).matches("bad\\.groovy:\\d+:\\d+: .*");
		assertThat(compile.exitCode()).isEqualTo(2);
		ErrorReporter.Report api = failure("run " + playbook("api.groovy", "\ns4e.asset('a-000')\n"));
		assertThat(api.line()).startsWith("api.groovy:2: ");
		assertThat(api.exitCode()).isEqualTo(3);
		assertThat(failure("run " + playbook("exit5.groovy", "exit 5")).exitCode()).isEqualTo(5);
		assertThat(failure("run nowhere.groovy").line()).startsWith("No playbook at nowhere.groovy.");
		assertThat(failure("run " + playbook("args.groovy", "1") + " --arg novalue").line())
			.contains("--arg takes key=value");
		assertThat(failure("groovy 'undefinedThing + 1'").line())
			.startsWith("groovy:1: No such property: undefinedThing");
		// The shell goes on after each of them.
		assertThat(run("groovy '1 + 1'")).isEqualTo("2");
	}

	@Test
	void ctrlCStopsARunningPlaybookAndTheShellGoesOn() throws Exception {
		Path spin = playbook("spin.groovy", "while (true) { Thread.onSpinWait() }");
		run("groovy 1"); // the first compile of a JVM takes seconds: not what is timed here
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread command = new Thread(() -> {
			try {
				shell.sendCommand("run " + spin);
				outcome.complete(null);
			}
			catch (Throwable t) {
				outcome.complete(t);
			}
		});
		command.start();
		Thread.sleep(1000);
		assertThat(outcome).isNotDone();
		long start = System.nanoTime();
		command.interrupt(); // what the shell's Ctrl-C handler does to the command thread
		Throwable failure = outcome.get(5, TimeUnit.SECONDS);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
		assertThat(errors.report(failure).line()).startsWith("spin.groovy:1: interrupted");
		assertThat(run("groovy '2 + 3'")).isEqualTo("5");
	}

}
