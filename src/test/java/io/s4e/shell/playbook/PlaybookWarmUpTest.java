package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.s4e.shell.console.ChildShell;

/**
 * The Groovy compiler stays off the start-up path: the shell, started in a child JVM that logs every class it
 * loads ({@code -Xlog:class+load}), loads no Groovy class before its prompt, and warms the compiler up on its
 * own once the prompt waits for input; run with a script on stdin it loads none at all.
 */
class PlaybookWarmUpTest {

	/** A class-load line of Groovy's runtime or compiler. */
	static final Pattern GROOVY_CLASS = Pattern.compile(
			"\\[class,load\\] (groovy\\.|org\\.codehaus\\.groovy\\.|org\\.apache\\.groovy\\.)\\S+ source:");

	/** The shell's prompt, e.g. {@code s4e:sandbox> }. */
	static final Pattern PROMPT = Pattern.compile("s4e:[^\\s>]*> ");

	@TempDir
	Path home;

	@Test
	void theInteractiveShellLoadsNoGroovyClassBeforeThePromptAndWarmsUpAfterIt() throws Exception {
		// Interactive mode over a pipe (the launcher's flag says stdin is a terminal): a dumb terminal, which
		// writes the prompt to stdout, where the class-load log goes too, in the order things happened.
		ChildShell shell = ChildShell.start(home, true);
		try {
			int prompt = shell.awaitMatch(PROMPT, Duration.ofSeconds(60));
			// No command is typed: the warm-up starts by itself once the prompt waits for input.
			int firstGroovy = shell.awaitMatch(GROOVY_CLASS, Duration.ofSeconds(30));
			assertThat(firstGroovy).as("the first Groovy class loads after the prompt").isGreaterThan(prompt);
			shell.awaitMatch(Pattern.compile("\\[class,load\\] playbook_warm_up "), Duration.ofSeconds(30));
			try (OutputStream in = shell.process().getOutputStream()) {
				in.write("exit\n".getBytes(StandardCharsets.UTF_8));
			}
			assertThat(shell.awaitExit(Duration.ofSeconds(30))).as("the shell exits").isTrue();
			String beforePrompt = shell.output().substring(0, prompt);
			assertThat(beforePrompt).contains("[class,load] io.s4e.shell.console.S4eShellRunner ");
			assertThat(GROOVY_CLASS.matcher(beforePrompt).find()).isFalse();
		}
		finally {
			shell.kill();
		}
	}

	@Test
	void aScriptOnStdinLoadsNoGroovyClassAtAll() throws Exception {
		ChildShell shell = ChildShell.start(home, false);
		try {
			try (OutputStream in = shell.process().getOutputStream()) {
				in.write("help\nsession show\n".getBytes(StandardCharsets.UTF_8));
			}
			assertThat(shell.awaitExit(Duration.ofSeconds(60))).as("the shell exits").isTrue();
			String all = shell.output();
			assertThat(shell.process().exitValue()).as(all).isZero();
			assertThat(all).contains("[class,load] io.s4e.shell.commands.PlaybookCommands ");
			assertThat(ChildShell.firstLine(all, GROOVY_CLASS)).as("a Groovy class loaded by a script run").isNull();
		}
		finally {
			shell.kill();
		}
	}

}
