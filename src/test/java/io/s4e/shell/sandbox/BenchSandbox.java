package io.s4e.shell.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A sandbox for the benchmarks that the standalone one has no options for: a bulk world (extra active assets
 * tagged {@code bulk}, extra findings) and a scan-create limit with a small burst, so that a batch is paced by the
 * limit's rate rather than served by its burst. Prints the same banner as {@code s4e sandbox} and serves until
 * killed.
 *
 * <pre>{@code java -cp <test class path> io.s4e.shell.sandbox.BenchSandbox --assets 500 --create-limit 600
 *     --create-burst 10 --rate-limit 6000 --speed 60 --concurrency 100}</pre>
 */
public final class BenchSandbox {

	private BenchSandbox() {
	}

	public static void main(String[] args) throws Exception {
		int assets = 0;
		int findings = 0;
		int createLimit = 10;
		int createBurst = -1;
		int rateLimit = 0;
		SandboxConfig.Builder config = SandboxConfig.builder().tierRateLimit(SandboxRateLimit.unlimited());
		for (int i = 0; i + 1 < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--assets" -> assets = Integer.parseInt(value);
				case "--findings" -> findings = Integer.parseInt(value);
				case "--create-limit" -> createLimit = Integer.parseInt(value);
				case "--create-burst" -> createBurst = Integer.parseInt(value);
				case "--rate-limit" -> rateLimit = Integer.parseInt(value);
				case "--speed" -> config.speed(Double.parseDouble(value));
				case "--concurrency" -> config.concurrencyLimit(Integer.parseInt(value));
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		config.createRateLimit(new SandboxRateLimit(createLimit, createBurst < 0 ? createLimit : createBurst));
		if (rateLimit > 0) {
			config.tierRateLimit(new SandboxRateLimit(rateLimit, Math.max(1, rateLimit / 5)));
		}
		Path state = Files.createTempFile("s4e-bench-sandbox", ".json");
		state.toFile().deleteOnExit();
		BulkSandboxState.write(state, assets, findings);
		SandboxServer server = SandboxServer.start(config.stateFile(state).build());
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.stop();
			stopped.countDown();
		}));
		SandboxMain.printBanner(server, System.out);
		stopped.await();
	}

}
