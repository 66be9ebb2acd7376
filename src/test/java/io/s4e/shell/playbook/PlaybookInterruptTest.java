package io.s4e.shell.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.session.SessionState;

/**
 * Ctrl-C: the shell cancels the command's future, which interrupts the thread running the playbook. The
 * playbook must stop within a second wherever it is (its own loop, waiting for scans, creating a batch), keep
 * the scans it created in the session, and leave the thread fit for the next command.
 */
class PlaybookInterruptTest {

	/** Like the shell's command thread: one thread, reused for the next command. */
	final ExecutorService commandThread = Executors.newSingleThreadExecutor();

	record Stopped(Throwable failure, Duration after) {
	}

	Stopped interruptAfter(Duration running, java.util.concurrent.Callable<Object> playbook) throws Exception {
		return interruptAfter(running, () -> true, playbook);
	}

	/** Runs the playbook, waits until {@code ready} and then {@code running} more, and interrupts it. */
	Stopped interruptAfter(Duration running, java.util.function.BooleanSupplier ready,
			java.util.concurrent.Callable<Object> playbook) throws Exception {
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Future<?> future = commandThread.submit(() -> {
			try {
				playbook.call();
				outcome.complete(null);
			}
			catch (Throwable t) {
				outcome.complete(t);
			}
		});
		long readyBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!ready.getAsBoolean() && System.nanoTime() < readyBy) {
			Thread.sleep(20);
		}
		Thread.sleep(running.toMillis());
		assertThat(outcome).as("still running before Ctrl-C").isNotDone();
		long start = System.nanoTime();
		future.cancel(true);
		Throwable failure;
		try {
			failure = outcome.get(5, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException e) {
			StringBuilder dump = new StringBuilder("the playbook did not stop; its thread:\n");
			Thread.getAllStackTraces().forEach((t, frames) -> {
				if (t.getName().startsWith("pool-")) {
					for (StackTraceElement f : frames) {
						dump.append("  at ").append(f).append('\n');
					}
				}
			});
			throw new AssertionError(dump.toString());
		}
		return new Stopped(failure, Duration.ofNanos(System.nanoTime() - start));
	}

	@Test
	void aBusyLoopStopsWithinASecondAndTheThreadRunsTheNextPlaybook() throws Exception {
		try (PlaybookSandbox sandbox = new PlaybookSandbox()) {
			sandbox.eval("1"); // compile once, so the timing below is the loop's alone
			Stopped stopped = interruptAfter(Duration.ofMillis(500), () -> sandbox.runText("spin.groovy",
					"long i = 0\nwhile (true) {\n  i++\n}\n", Map.of()));
			assertThat(stopped.after()).isLessThan(Duration.ofSeconds(1));
			assertThat(stopped.failure()).isInstanceOf(PlaybookException.Interrupted.class)
				.hasMessageStartingWith("spin.groovy:")
				.hasMessageContaining("interrupted");
			assertThat(((PlaybookException) stopped.failure()).exitCode()).isEqualTo(4);
			Object next = commandThread.submit(() -> sandbox.eval("6 * 7")).get(10, TimeUnit.SECONDS);
			assertThat(next).isEqualTo(42);
		}
	}

	@Test
	void waitingForAScanStopsWithinASecondAndTheScanIsInTheSession() throws Exception {
		try (PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.clock(Clock.systemUTC()), true)) {
			sandbox.eval("1"); // the first compile of a JVM takes seconds: not what is timed here
			Stopped stopped = interruptAfter(Duration.ofMillis(1500),
					() -> !sandbox.session.state().recentScans().isEmpty(), () -> sandbox.runText("wait.groovy",
					"def h = s4e.scan('a-1001', 'full')\nh.await('1h')\n", Map.of()));
			assertThat(stopped.after()).isLessThan(Duration.ofSeconds(1));
			assertThat(stopped.failure()).isInstanceOf(PlaybookException.Interrupted.class)
				.hasMessageStartingWith("wait.groovy:2: interrupted");
			assertThat(sandbox.session.state().recentScans()).singleElement()
				.satisfies(r -> assertThat(r.origin()).isEqualTo("playbook:wait"));
		}
	}

	@Test
	void anInterruptedBatchKeepsEveryScanItCreated() throws Exception {
		// One create every two seconds: the batch is still creating when Ctrl-C comes.
		try (PlaybookSandbox sandbox = new PlaybookSandbox(b -> b.clock(Clock.systemUTC())
			.createRateLimit(new SandboxRateLimit(30, 1)), true)) {
			sandbox.eval("1");
			java.util.Set<String> before = sandbox.client.scans(ScanQuery.all())
				.map(io.s4e.shell.api.model.Scan::id)
				.collect(java.util.stream.Collectors.toSet());
			Stopped stopped = interruptAfter(Duration.ofMillis(3000), () -> sandbox.runText("batch.groovy",
					"s4e.scanAll(s4e.assets(status: 'active').take(10), 'quick', concurrency: 3)\n", Map.of()));
			assertThat(stopped.after()).isLessThan(Duration.ofSeconds(1));
			assertThat(stopped.failure()).isInstanceOf(PlaybookException.Interrupted.class);
			// A create already on the wire when Ctrl-C came finishes (or is recovered) and is journaled.
			Thread.sleep(1500);
			var created = sandbox.client.scans(ScanQuery.all())
				.map(io.s4e.shell.api.model.Scan::id)
				.filter(id -> !before.contains(id))
				.toList();
			assertThat(created).isNotEmpty().hasSizeLessThan(10);
			assertThat(sandbox.session.state().recentScans()).extracting(SessionState.RecentScan::scanId)
				.containsExactlyInAnyOrderElementsOf(created);
		}
	}

}
