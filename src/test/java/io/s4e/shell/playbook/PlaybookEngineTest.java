package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.S4eException;
import io.s4e.shell.console.ErrorReporter;

/** The engine: error locations, exit codes, the DSL's surface and what it keeps from playbooks. */
class PlaybookEngineTest {

	static final PlaybookSandbox SANDBOX = new PlaybookSandbox();

	@AfterAll
	static void stop() {
		SANDBOX.close();
	}

	@BeforeEach
	void clean() {
		SANDBOX.clearOutput();
	}

	@Test
	void compileErrorsNameFileLineAndColumn() {
		PlaybookException.CompileError e = catchThrowableOfType(PlaybookException.CompileError.class,
				() -> SANDBOX.runText("broken.groovy", "def x = 1\nprintln 'ok'\nif (x > ) {\n}\n", Map.of()));
		assertThat(e.getMessage()).startsWith("broken.groovy:3:").doesNotContain("\n");
		assertThat(e.line()).isEqualTo(3);
		assertThat(e.column()).isGreaterThan(1);
		assertThat(e.exitCode()).isEqualTo(2);
		assertThat(SANDBOX.out()).isEmpty();
	}

	@Test
	void guardRailsAreCompileErrorsWithTheirLocation() {
		assertThatThrownBy(() -> SANDBOX.runText("quit.groovy", "println 1\n  System.exit(3)\n", Map.of()))
			.isInstanceOf(PlaybookException.CompileError.class)
			.hasMessageStartingWith("quit.groovy:2:3: System.exit() would end the whole shell; use exit(n)");
		assertThatThrownBy(() -> SANDBOX.runText("field.groovy", "def t = s4e.@services\n", Map.of()))
			.isInstanceOf(PlaybookException.CompileError.class)
			.hasMessageContaining("field.groovy:1:9: direct field access (.@)");
		assertThatThrownBy(() -> SANDBOX.runText("reveal.groovy", "\n\nx = null\nx?.reveal()\n", Map.of()))
			.isInstanceOf(PlaybookException.CompileError.class)
			.hasMessageStartingWith("reveal.groovy:4:")
			.hasMessageContaining("the API token is not available");
	}

	@Test
	void runtimeErrorsNameThePlaybookLineNotAStack() {
		PlaybookException.RuntimeFailure e = catchThrowableOfType(PlaybookException.RuntimeFailure.class,
				() -> SANDBOX.runText("oops.groovy", "def a = 1\n\ndef list = [1, 2]\nlist.each {\n  it.nope()\n}\n",
						Map.of()));
		assertThat(e.getMessage()).startsWith("oops.groovy:5: No signature of method")
			.contains("`stacktrace` shows the full trace")
			.doesNotContain("\n")
			.doesNotContain("at org.codehaus");
		assertThat(e.line()).isEqualTo(5);
		assertThat(e.exitCode()).isEqualTo(2);
		// `stacktrace` keeps the whole story, its cause included.
		ErrorReporter reporter = new ErrorReporter();
		// The reporter ends every error line with a full stop.
		assertThat(reporter.report(e).line()).isEqualTo(e.getMessage() + ".");
		assertThat(reporter.lastStackTrace()).contains("MissingMethodException").contains("playbook_oops.groovy:5");
	}

	@Test
	void apiErrorsKeepTheirExitCodeAndGetTheLine() {
		PlaybookException.RuntimeFailure e = catchThrowableOfType(PlaybookException.RuntimeFailure.class,
				() -> SANDBOX.runText("missing.groovy", "log 'looking'\ns4e.asset('a-999999')\n", Map.of()));
		assertThat(e.getMessage()).startsWith("missing.groovy:2: ").contains("a-999999");
		assertThat(e.getCause()).isInstanceOf(ApiException.NotFound.class);
		assertThat(e.exitCode()).isEqualTo(3);
		assertThat(SANDBOX.err()).contains("looking");
	}

	@Test
	void exitCodeTable() {
		assertThat(SANDBOX.runText("ok.groovy", "println 'fine'\n'done'", Map.of())).isEqualTo("done");
		assertThat(SANDBOX.runText("zero.groovy", "exit 0\nprintln 'not reached'", Map.of())).isNull();
		assertThat(SANDBOX.out()).isEqualTo("fine\n");
		assertThat(code(() -> SANDBOX.runText("fail.groovy", "\nfail 'gate tripped'", Map.of()))).isEqualTo(1);
		assertThat(code(() -> SANDBOX.runText("compile.groovy", "def (", Map.of()))).isEqualTo(2);
		assertThat(code(() -> SANDBOX.runText("api.groovy", "s4e.handle('sc-nope')", Map.of()))).isEqualTo(3);
		assertThat(code(() -> SANDBOX.runText("seven.groovy", "try { exit 7 } catch (e) { println 'swallowed' }",
				Map.of()))).isEqualTo(7);
		assertThat(code(() -> SANDBOX.runText("usage.groovy", "s4e.findings(colour: 'red')", Map.of())))
			.isEqualTo(2);
		assertThat(SANDBOX.out()).doesNotContain("swallowed");
		PlaybookException.Failed failed = catchThrowableOfType(PlaybookException.Failed.class,
				() -> SANDBOX.runText("fail.groovy", "\nfail 'gate tripped'", Map.of()));
		assertThat(failed.getMessage()).isEqualTo("fail.groovy:2: gate tripped");
	}

	static int code(Runnable run) {
		try {
			run.run();
		}
		catch (S4eException e) {
			return new ErrorReporter().report(e).exitCode();
		}
		return 0;
	}

	@Test
	void argsAreStringsWithTypedReads() {
		Object value = SANDBOX.runText("args.groovy",
				"[args.tag, args.integer('n', 1), args.list('sev'), args.text('missing', 'dflt'), args.flag('dry')]",
				Map.of("tag", "production", "n", "7", "sev", "critical, high", "dry", "true"));
		assertThat(value).isEqualTo(List.of("production", 7, List.of("critical", "high"), "dflt", true));
		assertThatThrownBy(() -> SANDBOX.runText("req.groovy", "args.require('asset')", Map.of()))
			.hasMessageContaining("req.groovy needs --arg asset=VALUE");
	}

	@Test
	void theTokenIsNotReachableFromTheDsl() {
		String token = SANDBOX.sandbox.token();
		Object shown = SANDBOX.eval("[s4e.toString(), \"$s4e\", session.toString(), s4e.dump(), s4e.inspect(), "
				+ "log.toString(), s4e.handle(s4e.scans().first().id).dump()].join('\\n')");
		assertThat(String.valueOf(shown)).doesNotContain(token).contains("s4e[target=sandbox]");
		for (String attempt : List.of("s4e.client", "s4e.services", "s4e.properties", "s4e.services.scans",
				"session.session", "log.err", "s4e.handle(s4e.scans().first().id).dsl")) {
			assertThatThrownBy(() -> SANDBOX.eval(attempt)).as(attempt)
				.isInstanceOf(PlaybookException.RuntimeFailure.class)
				.hasMessageContaining("has no property")
				.satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
		}
		assertThat(SANDBOX.out() + SANDBOX.err()).doesNotContain(token);
	}

	@Test
	void listsArePlainGroovyCollections() {
		Object grouped = SANDBOX.eval("s4e.findings(severity: ['critical', 'high']).groupBy { it.severity }.keySet().sort()");
		assertThat(grouped).isEqualTo(List.of("critical", "high"));
		Object sorted = SANDBOX.eval("def fs = s4e.findings(); fs.sort { -(it.cvss ?: 0) }.first().cvss == fs*.cvss.findAll().max()");
		assertThat(sorted).isEqualTo(true);
		Object lazyTake = SANDBOX.eval("s4e.assets(type: 'domain').take(2)*.type");
		assertThat(lazyTake).isEqualTo(List.of("domain", "domain"));
	}

}
