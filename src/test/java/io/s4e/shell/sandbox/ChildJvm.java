package io.s4e.shell.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java process started from this test run's class path, with its output read line by line, for tests that need
 * a real second process (the standalone sandbox, a second shell owning the shared sandbox, a kill -9).
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> transcript = new ArrayList<>();

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					synchronized (transcript) {
						transcript.add(line);
					}
					lines.add(line);
				}
			}
			catch (IOException ended) {
				// the process is gone
			}
		}, "child-jvm-output");
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts {@code mainClass} with {@code args}; stderr is merged into the lines read. */
	static ChildJvm start(String mainClass, List<String> args, Map<String, String> env) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:+UseSerialGC");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		return new ChildJvm(builder.start());
	}

	/** The first line (from now on) that matches, or an assertion failure quoting the output so far. */
	String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new AssertionError("the child process printed no matching line within " + timeout
						+ (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; output:\n"
						+ transcript());
			}
			if (match.test(line)) {
				return line;
			}
		}
	}

	String transcript() {
		synchronized (transcript) {
			return String.join("\n", transcript);
		}
	}

	Process process() {
		return process;
	}

	/** SIGKILL: no shutdown hook runs, nothing is flushed. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

}
