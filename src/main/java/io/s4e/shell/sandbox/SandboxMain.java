package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox on its own: {@code java io.s4e.shell.sandbox.SandboxMain --port 8080}. Prints the base URL and
 * token, then serves until interrupted (Ctrl-C stops it cleanly and writes the state file).
 */
public final class SandboxMain {

	static final String USAGE = """
			Usage: s4e sandbox [options]
			  --port N               TCP port on 127.0.0.1 (default 0 = any free port)
			  --dialect NAME         reference (default) or guide
			  --state FILE|none      persist the world to FILE (default none = memory only)
			  --seed N               seed of the inventory, history and scan outcomes (default %d)
			  --speed X              run scans X times faster (default 1: quick 15 s, full 45 s)
			  --concurrency N        scans running at once (default 3)
			  --rate-limit N         requests per minute per token, or unlimited (default 100)
			  --burst N              burst of the request limit (default a fifth of it, at least 1)
			  --create-limit N       scan creations per minute per token, or unlimited (default 10)
			  --webhook-secret S     sign callbacks with HMAC-SHA256 (X-S4E-Signature)
			  --token T              use T as the full-scope token (default: kept in the state file, else random)
			  --add-token T=SCOPES   also accept token T with only these comma-separated scopes, e.g.
			                         --add-token s4e_ro=read:scans,read:assets (repeatable)
			  --no-event-stream      do not offer GET /api/events/stream (clients must poll)
			  --help                 show this help
			""".formatted(SandboxConfig.DEFAULT_SEED);

	private SandboxMain() {
	}

	public static void main(String[] args) {
		for (String arg : args) {
			if (arg.equals("--help") || arg.equals("-h")) {
				System.out.print(USAGE);
				return;
			}
		}
		SandboxConfig config;
		try {
			config = parseArguments(args);
		}
		catch (IllegalArgumentException e) {
			System.err.println("s4e sandbox: " + e.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		SandboxServer server;
		try {
			server = SandboxServer.start(config);
		}
		catch (IOException | IllegalStateException e) {
			System.err.println("s4e sandbox: " + e.getMessage());
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.stop();
			stopped.countDown();
		}, "s4e-sandbox-shutdown"));
		printBanner(server, System.out);
		try {
			stopped.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** What the sandbox prints on start: where it listens and the token to use. */
	static void printBanner(SandboxServer server, PrintStream out) {
		SandboxConfig config = server.config();
		out.println("S4E sandbox (" + config.dialect().wireName() + " dialect) listening on " + server.baseUrl());
		out.println("  base URL: " + server.baseUrl());
		out.println("  token:    " + server.token());
		out.println("  state:    " + (config.stateFile() == null ? "memory only" : config.stateFile().toAbsolutePath()));
		out.println("Press Ctrl-C to stop.");
		out.flush();
	}

	/**
	 * Turns command-line options into a configuration ({@code --name value} or {@code --name=value}).
	 * @throws IllegalArgumentException naming the offending option
	 */
	public static SandboxConfig parseArguments(String... args) {
		SandboxConfig.Builder builder = SandboxConfig.builder();
		Integer rateLimit = null;
		Integer burst = null;
		boolean rateUnlimited = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--no-event-stream")) {
				builder.eventStream(false);
				continue;
			}
			String name;
			String value;
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 0) {
				name = arg.substring(0, eq);
				value = arg.substring(eq + 1);
			}
			else {
				name = arg;
				if (!name.startsWith("--")) {
					throw new IllegalArgumentException("unexpected argument '" + arg + "'");
				}
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(name + " needs a value");
				}
				value = args[++i];
			}
			switch (name) {
				case "--port" -> builder.port(integer(name, value, 0, 65535));
				case "--dialect" -> builder.dialect(SandboxDialect.parse(value));
				case "--state" -> builder.stateFile(value.equalsIgnoreCase("none") ? null : Path.of(value));
				case "--seed" -> builder.seed(longValue(name, value));
				case "--speed" -> builder.speed(decimal(name, value));
				case "--concurrency" -> builder.concurrencyLimit(integer(name, value, 1, 1000));
				case "--rate-limit" -> {
					if (unlimited(value)) {
						rateUnlimited = true;
					}
					else {
						rateLimit = integer(name, value, 1, Integer.MAX_VALUE - 1);
					}
				}
				case "--burst" -> burst = integer(name, value, 1, Integer.MAX_VALUE - 1);
				case "--create-limit" -> builder.createRateLimit(unlimited(value) ? SandboxRateLimit.unlimited()
						: SandboxRateLimit.perMinute(integer(name, value, 1, Integer.MAX_VALUE - 1)));
				case "--webhook-secret" -> builder.webhookSecret(value);
				case "--add-token" -> builder.token(scopedToken(value));
				case "--token" -> {
					if (value.isBlank()) {
						throw new IllegalArgumentException("--token must not be blank");
					}
					builder.defaultToken(value);
				}
				default -> throw new IllegalArgumentException("unknown option " + name);
			}
		}
		if (rateUnlimited) {
			builder.tierRateLimit(SandboxRateLimit.unlimited());
		}
		else if (rateLimit != null || burst != null) {
			int perMinute = rateLimit != null ? rateLimit : SandboxRateLimit.STANDARD_TIER.perMinute();
			int b = burst != null ? burst : Math.max(1, perMinute / 5);
			builder.tierRateLimit(new SandboxRateLimit(perMinute, b));
		}
		return builder.build();
	}

	/** {@code VALUE=scope[,scope...]}. */
	private static SandboxToken scopedToken(String value) {
		int eq = value.indexOf('=');
		if (eq <= 0 || eq == value.length() - 1) {
			throw new IllegalArgumentException("--add-token needs TOKEN=SCOPE[,SCOPE...], e.g. s4e_ro=read:scans");
		}
		List<String> scopes = new ArrayList<>();
		for (String scope : value.substring(eq + 1).split(",")) {
			if (!scope.isBlank()) {
				scopes.add(scope.trim());
			}
		}
		return new SandboxToken(value.substring(0, eq).trim(), Set.copyOf(scopes));
	}

	private static boolean unlimited(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		return v.equals("unlimited") || v.equals("0") || v.equals("none");
	}

	private static int integer(String name, String value, int min, int max) {
		try {
			int n = Integer.parseInt(value.trim());
			if (n >= min && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// Reported below.
		}
		throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ": " + value);
	}

	private static long longValue(String name, String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + " must be an integer: " + value);
		}
	}

	private static double decimal(String name, String value) {
		try {
			double d = Double.parseDouble(value.trim());
			if (d > 0 && !Double.isInfinite(d)) {
				return d;
			}
		}
		catch (NumberFormatException e) {
			// Reported below.
		}
		throw new IllegalArgumentException(name + " must be a positive number: " + value);
	}

}
