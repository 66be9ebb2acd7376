package io.s4e.shell.playbook;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.completion.LiveIdCache;
import io.s4e.shell.sandbox.ManualClock;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.FindingService;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionStore;
import io.s4e.shell.watch.ScanWaiter;

/**
 * A sandbox on a manual clock, a client and the shell's services over it with a private session folder, and the
 * playbook runner, for running playbooks in tests. Time is virtual (see {@link VirtualTime}) unless the test asks
 * for the wall clock, so waiting for scans costs no real time; waits then go by polling, as the sandbox offers no
 * event stream on virtual time.
 */
final class PlaybookSandbox implements AutoCloseable {

	final ManualClock clock = ManualClock.atDocumentationEpoch();

	final SandboxServer sandbox;

	final S4eClient client;

	final TimeSource time;

	final Path home;

	final SessionStore store;

	final SessionService session;

	final ScanService scans;

	final AssetService assets;

	final FindingService findings;

	final PlaybookRunner runner;

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	PlaybookSandbox() {
		this(b -> b, false);
	}

	PlaybookSandbox(UnaryOperator<SandboxConfig.Builder> config, boolean wallClock) {
		try {
			home = Files.createTempDirectory("s4e-playbook-test");
			// On virtual time the sandbox offers no event stream: the watch then polls, and its sleeps move the
			// clock. (Over a stream nothing would move it: tests of the stream run on the wall clock.)
			sandbox = SandboxServer.start(config.apply(SandboxConfig.builder()
				.clock(clock)
				.eventStream(wallClock)
				.tickInterval(wallClock ? Duration.ofMillis(100) : Duration.ZERO)
				.tierRateLimit(SandboxRateLimit.unlimited())
				.createRateLimit(SandboxRateLimit.unlimited())).build());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		time = wallClock ? TimeSource.SYSTEM : new VirtualTime(clock);
		// One attempt only: a 429 or 5xx anywhere surfaces instead of being retried out of sight.
		client = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token()))
			.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)), time);
		store = SessionStore.open(home.resolve("state"), "sandbox");
		session = new SessionService(store);
		LiveIdCache ids = new LiveIdCache(kind -> List.of(), Duration.ofMinutes(5), Duration.ofMillis(50));
		scans = new ScanService(() -> client, session, ids);
		assets = new AssetService(() -> client, session);
		findings = new FindingService(() -> client, session, ids);
		runner = new PlaybookRunner(home);
	}

	PlaybookServices services() {
		return new PlaybookServices(scans, assets, findings, session, new ScanWaiter(() -> client, time), "sandbox");
	}

	PlaybookConsole console() {
		return new PlaybookConsole(new PrintWriter(out, true), new PrintWriter(err, true), false, false, 0);
	}

	/** Runs a file of scripts/playbooks with --arg pairs. */
	Object runExample(String name, Map<String, String> args) {
		return runner.run(Path.of("scripts/playbooks", name).toAbsolutePath(), args, services(), console());
	}

	/** Runs playbook text saved under {@code name} in the test's folder. */
	Object runText(String name, String text, Map<String, String> args) {
		try {
			Files.writeString(home.resolve(name), text);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return runner.run(Path.of(name), args, services(), console());
	}

	Object eval(String expression) {
		return runner.evaluate(expression, services(), console());
	}

	String out() {
		return out.toString();
	}

	String err() {
		return err.toString();
	}

	void clearOutput() {
		out.getBuffer().setLength(0);
		err.getBuffer().setLength(0);
	}

	@Override
	public void close() {
		client.close();
		sandbox.close();
	}

}
