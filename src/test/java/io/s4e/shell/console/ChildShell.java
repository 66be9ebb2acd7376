package io.s4e.shell.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.s4e.shell.S4eShellApplication;

/**
 * The shell in a child JVM started as the launcher starts it (serial GC, C1 only, its tty flags), logging every
 * class it loads ({@code -Xlog:class+load}) into its stdout, in the order things happened, with stderr merged.
 * No token: it talks to its built-in sandbox, with every state folder under {@code home}.
 */
public final class ChildShell {

	private final Process process;

	private final StringBuilder out = new StringBuilder();

	private final Thread reader;

	private ChildShell(Process process) {
		this.process = process;
		this.reader = drain(process.getInputStream(), out);
	}

	/** {@code interactive}: what the launcher says of stdin; {@code args}: a one-shot command, or none. */
	public static ChildShell start(Path home, boolean interactive, String... args) throws IOException {
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
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
		builder.environment().remove("S4E_API_TOKEN");
		builder.environment().remove("S4E_BASE_URL");
		builder.environment().put("HOME", home.toString());
		for (String dir : List.of("CONFIG", "STATE", "DATA", "CACHE")) {
			Path p = home.resolve(dir.toLowerCase());
			Files.createDirectories(p);
			builder.environment().put("XDG_" + dir + "_HOME", p.toString());
		}
		return new ChildShell(builder.start());
	}

	public Process process() {
		return process;
	}

	/** Everything printed so far. */
	public String output() {
		synchronized (out) {
			return out.toString();
		}
	}

	/** Waits for the exit and for the last of the output; false if the shell was still running at the timeout. */
	public boolean awaitExit(Duration timeout) throws InterruptedException {
		boolean exited = process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		if (exited) {
			reader.join(5000);
		}
		return exited;
	}

	/** The offset of the first match in what the child printed, waiting for it. */
	public int awaitMatch(Pattern pattern, Duration timeout) throws InterruptedException {
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

	/** The first line of {@code output} that {@code pattern} finds, or null. */
	public static String firstLine(String output, Pattern pattern) {
		Matcher m = pattern.matcher(output);
		if (!m.find()) {
			return null;
		}
		int end = output.indexOf('\n', m.start());
		return output.substring(m.start(), end < 0 ? output.length() : end);
	}

	public void kill() {
		process.destroyForcibly();
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

}
