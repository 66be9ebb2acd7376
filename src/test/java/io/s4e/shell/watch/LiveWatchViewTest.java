package io.s4e.shell.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.completion.LiveIdCache;
import io.s4e.shell.completion.LiveIdLoader;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionStore;

/**
 * The live view on a JLine terminal whose output feeds a VT100 emulator; time moves only when the test says so,
 * so each assertion sees a known instant.
 */
class LiveWatchViewTest {

	final SteppedTime time = new SteppedTime();

	final ExecutorService background = Executors.newCachedThreadPool();

	SandboxServer sandbox;

	S4eClient client;

	VirtualScreen screen;

	@BeforeEach
	void start() throws Exception {
		sandbox = SandboxServer.start(SandboxConfig.builder()
			.clock(time.clock)
			.tickInterval(Duration.ZERO)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.eventStream(false)
			.build());
		client = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token())), time);
		screen = new VirtualScreen(110, 16);
	}

	@AfterEach
	void stop() throws Exception {
		background.shutdownNow();
		screen.close();
		client.close();
		sandbox.close();
	}

	String createQuickScan(String asset) {
		return client.createScan(new CreateScanRequest(asset, "quick", null, null, null), false).scan().id();
	}

	ScanWatch watch(String... ids) {
		return ScanWatch.start(client, time, WatchOptions.live(), List.of(ids), null, WatchListener.NONE);
	}

	@Test
	void rowsAreRedrawnInPlaceAsPhasesAdvanceAndQReturnsToAWorkingPrompt() throws Exception {
		String id = createQuickScan("a-1001");
		Terminal.SignalHandler shellHandler = s -> {
		};
		screen.terminal.handle(Terminal.Signal.INT, shellHandler);
		Attributes before = new Attributes(screen.terminal.getAttributes());
		try (ScanWatch watch = watch(id)) {
			Future<LiveWatchView.Outcome> view = background
				.submit(() -> new LiveWatchView(screen.terminal, new WatchTable(true), time).run(watch, null));
			assertThat(screen.await(s -> s.rowOf(id) >= 0 && s.text().contains("queued"))).as(screen.text()).isTrue();
			int header = screen.rowOf("ASSET");
			int row = screen.rowOf(id);
			long lines = screen.nonBlankLines();
			assertThat(screen.lines().get(row)).contains("example.com").contains("quick").contains("0C 0H");

			Set<String> phases = new LinkedHashSet<>();
			Set<String> rows = new LinkedHashSet<>();
			for (int second = 0; second < 12; second++) {
				time.advance(Duration.ofSeconds(1));
				WatchedScan now = awaitPoll(watch, second + 1);
				String phase = now.scan().currentPhase();
				Integer progress = now.scan().progress();
				assertThat(screen.await(s -> s.lines().get(row).contains(now.scan().status())
						&& (progress == null || s.lines().get(row).contains(progress + "%"))
						&& (phase == null || !"running".equals(now.scan().status()) || s.lines().get(row).contains(phase))))
					.as(screen.text())
					.isTrue();
				if ("running".equals(now.scan().status()) && phase != null) {
					phases.add(phase);
				}
				rows.add(screen.lines().get(row));
				// Redrawn in place: the header and the row stay where they were, and nothing is added below.
				assertThat(screen.rowOf("ASSET")).isEqualTo(header);
				assertThat(screen.rowOf(id)).isEqualTo(row);
				assertThat(screen.nonBlankLines()).isEqualTo(lines);
			}
			assertThat(phases).as("phases seen").hasSizeGreaterThanOrEqualTo(2);
			assertThat(rows).as("distinct rows drawn").hasSizeGreaterThan(5);
			assertThat(String.join("\n", rows)).contains("running");

			screen.type("q");
			assertThat(view.get(5, TimeUnit.SECONDS)).isEqualTo(LiveWatchView.Outcome.LEFT);
			assertThat(watch.snapshot().get(0).isTerminal()).as("the scan keeps running").isFalse();
		}
		// The terminal is as the shell left it: same mode, its Ctrl-C handler back.
		Attributes after = screen.terminal.getAttributes();
		assertThat(after.getLocalFlags()).isEqualTo(before.getLocalFlags());
		assertThat(after.getInputFlags()).isEqualTo(before.getInputFlags());
		assertThat(screen.terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL)).isSameAs(shellHandler);

		// And a prompt works on it.
		LineReader reader = LineReaderBuilder.builder().terminal(screen.terminal).build();
		Future<String> line = background.submit(() -> reader.readLine("s4e:sandbox> "));
		assertThat(screen.await(s -> s.text().contains("s4e:sandbox>"))).as(() -> screen.text() + "\n" + describe(line)).isTrue();
		screen.type("scan list\r");
		assertThat(line.get(5, TimeUnit.SECONDS)).isEqualTo("scan list");
		assertThat(screen.text()).contains("s4e:sandbox> scan list");
	}

	@Test
	void theWatchEndsByItselfAndPrintsTheSummary(@TempDir Path state) throws Exception {
		String first = createQuickScan("a-1001");
		String second = createQuickScan("a-1002");
		ConsoleIO io = new ConsoleIO(Map.of());
		io.attachTerminal(screen.terminal.writer(), screen.terminal::getWidth);
		SessionService session = new SessionService(SessionStore.open(state, "sandbox"));
		ScanService scans = new ScanService(() -> client, session,
				new LiveIdCache(new LiveIdLoader(() -> client), Duration.ofSeconds(30), Duration.ofMillis(250)));
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("terminal", screen.terminal);
		WatchPresenter presenter = new WatchPresenter(new ScanWaiter(() -> client, time), scans, session, io,
				beans.getBeanProvider(Terminal.class));

		Future<?> watching = background
			.submit(() -> presenter.watch(screen.terminal.writer(), List.of(first, second), false));
		assertThat(screen.await(s -> s.rowOf(first) >= 0 && s.rowOf(second) >= 0)).as(screen.text()).isTrue();
		for (int i = 0; i < 120 && !watching.isDone(); i++) {
			time.advance(Duration.ofMillis(500));
			Thread.sleep(15);
		}
		watching.get(5, TimeUnit.SECONDS);
		String text = screen.text();
		assertThat(text).contains("Findings:").contains("across 2 scans");
		int summaryHeader = text.lastIndexOf("STATUS");
		assertThat(text.substring(summaryHeader)).contains(first).contains(second).contains("completed");
		assertThat(session.state().lastScanId()).isEqualTo(second);
	}

	@Test
	void ctrlCLeavesAtOnceAndAResizeRedrawsToTheNewWidth() throws Exception {
		String id = createQuickScan("a-1001");
		try (ScanWatch watch = watch(id)) {
			Future<LiveWatchView.Outcome> view = background
				.submit(() -> new LiveWatchView(screen.terminal, new WatchTable(false), time).run(watch, null));
			assertThat(screen.await(s -> s.rowOf(id) >= 0)).isTrue();
			assertThat(screen.lines().get(screen.rowOf("ASSET"))).contains("FINDINGS");

			screen.resize(60, 16);
			time.advance(Duration.ofSeconds(3));
			assertThat(screen.await(s -> s.rowOf(id) >= 0 && s.lines().stream().allMatch(l -> l.length() < 60)
					&& s.text().contains("running"))).as(screen.text()).isTrue();

			screen.type("\u0003");
			assertThat(view.get(5, TimeUnit.SECONDS)).isEqualTo(LiveWatchView.Outcome.LEFT);
		}
	}

	@Test
	void cCancelsTheHighlightedScanAfterConfirmation() throws Exception {
		String first = createQuickScan("a-1001");
		String second = createQuickScan("a-1002");
		try (ScanWatch watch = watch(first, second)) {
			Future<LiveWatchView.Outcome> view = background.submit(() -> new LiveWatchView(screen.terminal,
					new WatchTable(false), time).run(watch, client::cancelScan));
			assertThat(screen.await(s -> s.rowOf(second) >= 0)).isTrue();
			screen.type("\u001b[B");
			assertThat(screen.await(s -> s.lines().get(s.rowOf(second)).startsWith("> "))).as(screen.text()).isTrue();
			screen.type("c");
			assertThat(screen.await(s -> s.text().contains("Cancel scan " + second + "?"))).isTrue();
			screen.type("n");
			assertThat(screen.await(s -> s.text().contains("Kept " + second + " running."))).isTrue();
			screen.type("c");
			screen.type("y");
			assertThat(screen.await(s -> s.text().contains("Cancelled " + second + "."))).as(screen.text()).isTrue();
			assertThat(screen.lines().get(screen.rowOf(second))).contains("cancelled");
			assertThat(client.getScan(second).status()).isEqualTo("cancelled");
			assertThat(view.isDone()).isFalse();
			screen.type("q");
			assertThat(view.get(5, TimeUnit.SECONDS)).isEqualTo(LiveWatchView.Outcome.LEFT);
			assertThat(client.getScan(first).isTerminal()).isFalse();
		}
	}

	private static String describe(Future<?> f) {
		if (!f.isDone()) {
			return "still running";
		}
		try {
			return "done: " + f.get();
		}
		catch (Exception e) {
			java.io.StringWriter w = new java.io.StringWriter();
			e.printStackTrace(new java.io.PrintWriter(w));
			return "failed: " + w;
		}
	}

	/** Waits until the watch has polled (or read) the scan after the clock reached {@code seconds}. */
	private WatchedScan awaitPoll(ScanWatch watch, int seconds) throws InterruptedException {
		long target = time.millis();
		long until = System.currentTimeMillis() + 5000;
		while (System.currentTimeMillis() < until) {
			WatchedScan s = watch.snapshot().get(0);
			if (s.observedMillis() >= target || s.isTerminal()) {
				return s;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no poll after " + seconds + " s: " + watch.snapshot());
	}

}
