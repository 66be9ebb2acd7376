package io.s4e.shell.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.CommandCompleter;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.completion.LiveIdCache;
import io.s4e.shell.completion.LiveIdLoader;
import io.s4e.shell.completion.ShellCompletionProvider;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * Times TAB as JLine runs it: Spring Shell's {@link CommandCompleter} over the shell's
 * {@link ShellCompletionProvider} and {@link LiveIdCache}, wired as the shell wires them (refresh after 30 s, a
 * 250 ms deadline), with every call timed on its own.
 * <ul>
 * <li>{@code cached}: live asset, scan and finding IDs answered from a filled cache (sandbox on loopback);</li>
 * <li>{@code hanging-cold}: nothing cached and the server accepts connections but never answers;</li>
 * <li>{@code hanging-stale}: the cache was filled, then the server hangs while a refresh is running.</li>
 * </ul>
 * Prints one {@code case=... samples=... p50_ms=... p99_ms=... max_ms=...} line per case.
 *
 * <pre>{@code java -cp <test class path> io.s4e.shell.bench.CompletionLatencyBench [iterations] [hanging-iterations]}</pre>
 */
public final class CompletionLatencyBench {

	/** As in the shell's configuration. */
	static final Duration REFRESH_AFTER = Duration.ofSeconds(30);

	static final Duration DEADLINE = Duration.ofMillis(250);

	/**
	 * Lines TAB is pressed at, one per live kind. (Spring Shell 4.0.1's completer finds the command only when the
	 * word under the cursor is empty or an option, so positional IDs are completed after a space.)
	 */
	private static final List<String> LINES = List.of("scan show ", "asset show ", "finding show ", "scan status ",
			"use asset ");

	/** Latency figures of one case, in milliseconds. */
	public record Result(String name, int samples, double p50, double p99, double max, int candidates) {

		String line() {
			return String.format(Locale.ROOT, "case=%s samples=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f candidates=%d",
					name, samples, p50, p99, max, candidates);
		}

	}

	private CompletionLatencyBench() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
		int hanging = args.length > 1 ? Integer.parseInt(args[1]) : 40;
		for (Result r : run(iterations, hanging)) {
			System.out.println(r.line());
		}
		System.exit(0);
	}

	public static List<Result> run(int iterations, int hangingIterations) throws Exception {
		List<Result> results = new ArrayList<>();
		try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder()
			.tierRateLimit(SandboxRateLimit.unlimited())
			.build()); HangingServer hang = new HangingServer()) {
			S4eClient live = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token())));
			S4eClient dead = new S4eClient(ClientConfig.of(hang.baseUrl(), Secret.of("s4e_bench_token")));
			AtomicReference<S4eClient> current = new AtomicReference<>(live);
			Wiring wiring = new Wiring(current::get);
			// Fill the cache as the prompt's warm-up does, then time TAB answering from it.
			wiring.ids.warmUp();
			for (LiveIdCache.Kind kind : LiveIdCache.Kind.values()) {
				long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (wiring.ids.candidates(kind).isEmpty() && System.nanoTime() < until) {
					Thread.sleep(10);
				}
			}
			results.add(wiring.time("cached", iterations / 10, iterations));
			// The server starts hanging; a refresh is under way; TAB still answers from the stale entries.
			current.set(dead);
			for (LiveIdCache.Kind kind : LiveIdCache.Kind.values()) {
				wiring.ids.refresh(kind);
			}
			results.add(wiring.time("hanging-stale", iterations / 10, iterations));
			// A shell that never had an answer: every TAB waits the deadline, then offers nothing live.
			Wiring cold = new Wiring(() -> dead);
			results.add(cold.time("hanging-cold", 0, hangingIterations));
			live.close();
			dead.close();
		}
		return results;
	}

	/** The completer stack of the shell over a given client. */
	private static final class Wiring {

		final LiveIdCache ids;

		final CommandCompleter completer;

		final Parser parser = new DefaultParser();

		Wiring(java.util.function.Supplier<S4eClient> client) {
			this.ids = new LiveIdCache(new LiveIdLoader(client), REFRESH_AFTER, DEADLINE);
			ShellCompletionProvider provider = new ShellCompletionProvider(ids, List::of);
			CommandRegistry registry = new CommandRegistry();
			for (String name : List.of("scan show", "scan status", "asset show", "finding show", "use asset")) {
				registry.registerCommand(Command.builder().name(name).completionProvider(provider).execute(ctx -> {
				}));
			}
			this.completer = new CommandCompleter(registry);
		}

		Result time(String name, int warmup, int samples) {
			List<ParsedLine> lines = LINES.stream()
				.map(l -> parser.parse(l, l.length(), Parser.ParseContext.COMPLETE))
				.toList();
			List<Candidate> candidates = new ArrayList<>();
			int offered = 0;
			for (int i = 0; i < warmup; i++) {
				candidates.clear();
				completer.complete(null, lines.get(i % lines.size()), candidates);
			}
			long[] nanos = new long[samples];
			for (int i = 0; i < samples; i++) {
				candidates.clear();
				long start = System.nanoTime();
				completer.complete(null, lines.get(i % lines.size()), candidates);
				nanos[i] = System.nanoTime() - start;
				if (Boolean.getBoolean("bench.trace")) {
					System.err.printf(Locale.ROOT, "%s %-18s %8.3f ms %d%n", name, LINES.get(i % LINES.size()), nanos[i] / 1e6,
							candidates.size());
				}
				offered = Math.max(offered, candidates.size());
			}
			Arrays.sort(nanos);
			return new Result(name, samples, percentile(nanos, 50), percentile(nanos, 99), nanos[samples - 1] / 1e6,
					offered);
		}

	}

	static double percentile(long[] sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	/** Accepts connections on loopback and never answers, like a server that has stopped responding. */
	static final class HangingServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		HangingServer() throws IOException {
			socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!socket.isClosed()) {
					try {
						accepted.add(socket.accept());
					}
					catch (IOException closed) {
						return;
					}
				}
			}, "hanging-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			socket.close();
			for (Socket s : accepted) {
				s.close();
			}
		}

	}

}
