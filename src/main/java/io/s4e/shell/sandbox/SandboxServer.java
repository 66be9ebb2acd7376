package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A real S4E-compatible HTTP server on 127.0.0.1, for trying the shell without an account and for tests. It is built
 * on the JDK's own HTTP server and needs no Spring context, so the shell can start it in-process.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().port(0).build())) {
 *     String base = sandbox.baseUrl();   // http://127.0.0.1:PORT
 *     String token = sandbox.token();    // full-scope token
 * }
 * }</pre>
 *
 * Scan state follows the configured clock: each request first settles every lifecycle step due by then, and a
 * background ticker (in real time) does the same once a second and pushes {@code scan.progress} events.
 */
public final class SandboxServer implements AutoCloseable {

	static {
		// The JDK server otherwise leaves Nagle's algorithm on, which delays small keep-alive responses by ~40 ms.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	static final ObjectMapper MAPPER = new ObjectMapper();

	static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
	};

	/** Request threads: enough for ~32 concurrent clients; event streams have their own threads. */
	static final int REQUEST_THREADS = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SandboxConfig config;

	private final Map<String, SandboxToken> tokens = new ConcurrentHashMap<>();

	private final String instanceId = UUID.randomUUID().toString();

	private HttpServer http;

	private ThreadPoolExecutor requestPool;

	private ScheduledThreadPoolExecutor ticker;

	private EventHub hub;

	private EventStream eventStream;

	private WebhookDispatcher webhooks;

	private StateStore stateStore;

	private SandboxWorld world;

	private String token;

	private volatile boolean running;

	public SandboxServer(SandboxConfig config) {
		this.config = config;
	}

	/** Creates and starts a sandbox. */
	public static SandboxServer start(SandboxConfig config) throws IOException {
		return new SandboxServer(config).start();
	}

	/**
	 * Loads the state file (if any), binds the port and starts serving.
	 * @throws IOException when the port is taken or the state cannot be read
	 * @throws IllegalStateException when already started, or the state file belongs to the other dialect
	 */
	public synchronized SandboxServer start() throws IOException {
		if (http != null) {
			throw new IllegalStateException("sandbox already started");
		}
		hub = new EventHub(config.eventRetention());
		WorldState state = config.stateFile() == null ? null : StateStore.load(config.stateFile());
		String stateToken = state == null ? null : state.token();
		token = config.defaultToken() != null ? config.defaultToken()
				: stateToken != null ? stateToken : "s4e_sbx_" + HexFormat.of().formatHex(randomBytes(16));
		webhooks = new WebhookDispatcher(config.webhookSecret(), config.webhookAttempts(), config.webhookBackoff());
		try {
			world = state == null ? SandboxWorld.fresh(config, hub, webhooks, token)
					: SandboxWorld.restore(config, hub, webhooks, state);
		}
		catch (RuntimeException e) {
			webhooks.close();
			throw e;
		}
		world.token = token;
		tokens.put(token, SandboxToken.admin(token));
		config.tokens().forEach(t -> tokens.put(t.value(), t));
		if (config.stateFile() != null) {
			stateStore = new StateStore(config.stateFile(), config.persistDelay(), this::snapshot);
			world.onMutation(stateStore::markDirty);
		}
		// Settles what happened while the sandbox was down, before anyone asks.
		world.advanceTo(config.clock().millis());
		if (stateStore != null) {
			stateStore.flush(false);
		}
		eventStream = new EventStream(hub, config.clock(), config.heartbeatInterval(), config.maxStreamsPerToken());
		AtomicInteger n = new AtomicInteger();
		requestPool = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(4096), r -> {
					Thread t = new Thread(r, "s4e-sandbox-http-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		requestPool.allowCoreThreadTimeOut(true);
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 512);
		}
		catch (IOException e) {
			shutdownComponents();
			throw new IOException("cannot listen on 127.0.0.1:" + config.port() + ": " + e.getMessage(), e);
		}
		server.setExecutor(requestPool);
		server.createContext("/", new SandboxApi(this, world, eventStream));
		server.start();
		http = server;
		if (!config.tickInterval().isZero() && !config.tickInterval().isNegative()) {
			ticker = new ScheduledThreadPoolExecutor(1, r -> {
				Thread t = new Thread(r, "s4e-sandbox-ticker");
				t.setDaemon(true);
				return t;
			});
			long period = config.tickInterval().toMillis();
			ticker.scheduleAtFixedRate(this::safeTick, period, period, TimeUnit.MILLISECONDS);
		}
		running = true;
		return this;
	}

	private StateStore.Snapshot snapshot(boolean clean) {
		synchronized (world) {
			try {
				return new StateStore.Snapshot(world.generation(), clean,
						StateStore.MAPPER.writeValueAsBytes(world.snapshot(clean)));
			}
			catch (JsonProcessingException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException e) {
			System.getLogger(SandboxServer.class.getName()).log(System.Logger.Level.WARNING, "sandbox tick failed", e);
		}
	}

	/**
	 * Settles the world at the clock's current instant and pushes {@code scan.progress} for every running scan whose
	 * progress or phase moved. The background ticker calls this; tests with a {@link ManualClock} may call it after
	 * advancing the clock.
	 */
	public void tick() {
		requireRunning();
		world.reportProgress(config.clock().millis());
	}

	/** {@code http://127.0.0.1:PORT}, without a trailing slash. */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	public int port() {
		requireRunning();
		return http.getAddress().getPort();
	}

	/** The default token, which has every scope. */
	public String token() {
		requireRunning();
		return token;
	}

	public SandboxDialect dialect() {
		return config.dialect();
	}

	/** Identifies this run; the health endpoint reports it, so a registry can tell instances apart. */
	public String instanceId() {
		return instanceId;
	}

	public SandboxConfig config() {
		return config;
	}

	public boolean isRunning() {
		return running;
	}

	/** Accepts another token with exactly the given scopes (e.g. {@code read:scans}, {@code scan:write}). */
	public void addToken(String value, String... scopes) {
		addToken(SandboxToken.of(value, scopes));
	}

	public void addToken(SandboxToken token) {
		tokens.put(token.value(), token);
	}

	/** Writes the state file now (no-op without one). */
	public void persistNow() throws IOException {
		if (stateStore != null) {
			stateStore.flush(false);
		}
	}

	/** Stops serving, ends open event streams and makes the final state write. Idempotent. */
	public synchronized void stop() {
		if (http == null) {
			return;
		}
		running = false;
		if (ticker != null) {
			ticker.shutdownNow();
		}
		eventStream.close();
		http.stop(0);
		http = null;
		shutdownComponents();
	}

	private void shutdownComponents() {
		if (requestPool != null) {
			requestPool.shutdown();
		}
		webhooks.close();
		if (stateStore != null) {
			try {
				stateStore.close();
			}
			catch (IOException e) {
				System.getLogger(SandboxServer.class.getName())
					.log(System.Logger.Level.WARNING, "final sandbox state write failed: " + e.getMessage());
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	Clock clock() {
		return config.clock();
	}

	Map<String, SandboxToken> tokens() {
		return tokens;
	}

	SandboxWorld world() {
		return world;
	}

	EventHub events() {
		return hub;
	}

	private void requireRunning() {
		if (http == null) {
			throw new IllegalStateException("sandbox is not running");
		}
	}

	private static byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
