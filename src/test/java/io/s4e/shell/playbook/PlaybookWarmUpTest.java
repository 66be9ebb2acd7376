package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.s4e.shell.S4eShellApplication;

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
		Process shell = start(true);
		StringBuilder out = new StringBuilder();
		try {
			Thread reader = drain(shell.getInputStream(), out);
			int prompt = awaitMatch(out, PROMPT, Duration.ofSeconds(60), shell);
			// No command is typed: the warm-up starts by itself once the prompt waits for input.
			int firstGroovy = awaitMatch(out, GROOVY_CLASS, Duration.ofSeconds(30), shell);
			assertThat(firstGroovy).as("the first Groovy class loads after the prompt").isGreaterThan(prompt);
			awaitMatch(out, Pattern.compile("\\[class,load\\] playbook_warm_up "), Duration.ofSeconds(30), shell);
			try (OutputStream in = shell.getOutputStream()) {
				in.write("exit\n".getBytes(StandardCharsets.UTF_8));
			}
			assertThat(shell.waitFor(30, TimeUnit.SECONDS)).as("the shell exits").isTrue();
			reader.join(5000);
			String beforePrompt;
			synchronized (out) {
				beforePrompt = out.substring(0, prompt);
			}
			assertThat(beforePrompt).contains("[class,load] io.s4e.shell.console.S4eShellRunner ");
			assertThat(GROOVY_CLASS.matcher(beforePrompt).find()).isFalse();
		}
		finally {
			shell.destroyForcibly();
		}
	}

	@Test
	void aScriptOnStdinLoadsNoGroovyClassAtAll() throws Exception {
		Process shell = start(false);
		StringBuilder out = new StringBuilder();
		try {
			Thread reader = drain(shell.getInputStream(), out);
			try (OutputStream in = shell.getOutputStream()) {
				in.write("help\nsession show\n".getBytes(StandardCharsets.UTF_8));
			}
			assertThat(shell.waitFor(60, TimeUnit.SECONDS)).as("the shell exits").isTrue();
			reader.join(5000);
			String all;
			synchronized (out) {
				all = out.toString();
			}
			assertThat(shell.exitValue()).as(all).isZero();
			assertThat(all).contains("[class,load] io.s4e.shell.commands.PlaybookCommands ");
			Matcher groovy = GROOVY_CLASS.matcher(all);
			assertThat(groovy.find() ? all.substring(groovy.start(), all.indexOf('\n', groovy.start())) : null)
				.as("a Groovy class loaded by a script run")
				.isNull();
		}
		finally {
			shell.destroyForcibly();
		}
	}

	private Process start(boolean interactive) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:+UseSerialGC");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xmx256m");
		command.add("-Xlog:class+load=info:stdout");
		command.add("-Ds4e.stdin.tty=" + interactive);
		command.add("-Ds4e.stdout.tty=false");
		command.add("-Ds4e.stderr.tty=false");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(S4eShellApplication.class.getName());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
		builder.environment().remove("S4E_API_TOKEN");
		builder.environment().remove("S4E_BASE_URL");
		builder.environment().put("HOME", home.toString());
		for (String dir : List.of("CONFIG", "STATE", "DATA", "CACHE")) {
			Path p = home.resolve(dir.toLowerCase());
			Files.createDirectories(p);
			builder.environment().put("XDG_" + dir + "_HOME", p.toString());
		}
		return builder.start();
	}

	private static Thread drain(InputStream stream, StringBuilder into) {
		Thread t = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = stream) {
				int n;
				while ((n = in.read(buffer)) > 0) {
					String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
					synchronized (into) {
						into.append(chunk);
					}
				}
			}
			catch (IOException ended) {
				// the process is gone
			}
		}, "child-shell-output");
		t.setDaemon(true);
		t.start();
		return t;
	}

	/** The offset of the first match in what the child printed, waiting for it. */
	private static int awaitMatch(StringBuilder out, Pattern pattern, Duration timeout, Process process)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			synchronized (out) {
				Matcher m = pattern.matcher(out);
				if (m.find()) {
					return m.start();
				}
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(50);
		}
		String tail;
		synchronized (out) {
			tail = out.substring(Math.max(0, out.length() - 3000));
		}
		throw new AssertionError("no " + pattern + " in the shell's output within " + timeout + "; its end:\n" + tail);
	}

}
