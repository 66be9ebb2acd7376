package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Shares one sandbox between the shells of a user. The first shell to start takes a file lock in the sandbox
 * directory, starts a {@link SandboxServer} persisting there, and writes its address and token to
 * {@code sandbox.json} (mode 0600). A later shell finds the lock taken, checks the recorded sandbox answers its
 * health endpoint, and connects to it. When the owner is gone (lock free, or the recorded sandbox does not answer
 * within a few seconds) the newcomer takes over, carrying on from the persisted state. A shell that is already
 * connected when the owner goes takes over too: its handle watches the lock and, once it is free, starts the
 * sandbox on the same state and, when the port is still free, the same address, so its client keeps working.
 *
 * <pre>{@code
 * try (SandboxHandle sandbox = SandboxRegistry.attachOrStart(SandboxRegistry.defaultDirectory(),
 *         SandboxConfig.defaults())) {
 *     client.connect(sandbox.baseUrl(), sandbox.token());
 * }
 * }</pre>
 */
public final class SandboxRegistry {

	public static final String DESCRIPTOR_FILE = "sandbox.json";

	public static final String LOCK_FILE = "sandbox.lock";

	private static final System.Logger LOG = System.getLogger(SandboxRegistry.class.getName());

	/** How long a newcomer waits for a locked sandbox to become healthy (it may still be starting). */
	static final Duration OWNER_GRACE = Duration.ofSeconds(15);

	private static final Duration POLL = Duration.ofMillis(100);

	/** How often a connected (non-owning) handle checks whether the owner is gone. */
	static final Duration TAKEOVER_POLL = Duration.ofMillis(500);

	/**
	 * Sandboxes this JVM owns, by directory. Within one process the lock file must not be opened a second time:
	 * closing any descriptor of a file drops the process's POSIX lock on it.
	 */
	private static final Map<Path, SandboxHandle> OWNED = new HashMap<>();

	private SandboxRegistry() {
	}

	/** {@code $XDG_DATA_HOME/s4e/sandbox}, or {@code ~/.local/share/s4e/sandbox} when it is unset or relative. */
	public static Path defaultDirectory() {
		String xdg = System.getenv("XDG_DATA_HOME");
		Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
				: Path.of(System.getProperty("user.home"), ".local", "share");
		return base.resolve("s4e").resolve("sandbox");
	}

	public static SandboxHandle attachOrStart(SandboxConfig base) throws IOException {
		return attachOrStart(defaultDirectory(), base);
	}

	/**
	 * Connects to the sandbox recorded in {@code dir}, or starts one there. An owned sandbox persists to
	 * {@code dir/state-<dialect>.json} unless {@code base} names a state file.
	 */
	public static SandboxHandle attachOrStart(Path dir, SandboxConfig base) throws IOException {
		Path key = dir.toAbsolutePath().normalize();
		createPrivateDirectory(key);
		synchronized (OWNED) {
			SandboxHandle mine = OWNED.get(key);
			if (mine != null && mine.server().map(SandboxServer::isRunning).orElse(false)) {
				return attached(key, base, mine.baseUrl(), mine.token(), mine.dialect());
			}
			long deadline = System.nanoTime() + OWNER_GRACE.toNanos();
			while (true) {
				OwnerLock owner = OwnerLock.tryTake(key);
				if (owner != null) {
					return startOwned(key, base, owner.channel(), owner.lock(), 0);
				}
				JsonNode descriptor = readDescriptor(key);
				if (descriptor != null && healthy(descriptor)) {
					return attached(key, base, descriptor.path("base_url").asText(), descriptor.path("token").asText(),
							dialectOf(descriptor));
				}
				if (System.nanoTime() > deadline) {
					LOG.log(System.Logger.Level.WARNING, "the sandbox in {0} holds its lock but does not answer; "
							+ "starting a new one on the same state", key);
					return startOwned(key, base, null, null, 0);
				}
				sleep(POLL);
			}
		}
	}

	/** The owner's lock on {@code sandbox.lock}, held for as long as it serves. */
	private record OwnerLock(FileChannel channel, FileLock lock) {

		/** Takes the lock if nobody holds it; null (with nothing left open) when another process does. */
		static OwnerLock tryTake(Path dir) throws IOException {
			FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException | IOException e) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				return null;
			}
			return new OwnerLock(channel, lock);
		}

	}

	/** A handle on a sandbox another owner runs, watched so that it takes over when that owner is gone. */
	private static SandboxHandle attached(Path key, SandboxConfig base, String baseUrl, String token,
			SandboxDialect dialect) {
		SandboxHandle handle = new SandboxHandle(baseUrl, token, dialect, null, () -> {
		});
		Thread watchdog = new Thread(() -> watchOwner(key, base, handle), "s4e-sandbox-takeover");
		watchdog.setDaemon(true);
		watchdog.start();
		return handle;
	}

	private static void watchOwner(Path key, SandboxConfig base, SandboxHandle handle) {
		while (!handle.isClosed()) {
			try {
				Thread.sleep(TAKEOVER_POLL.toMillis());
			}
			catch (InterruptedException e) {
				return;
			}
			synchronized (OWNED) {
				// An owner in this process holds the lock; opening the lock file again here would drop it.
				if (handle.isClosed() || OWNED.containsKey(key)) {
					continue;
				}
				try {
					OwnerLock lock = OwnerLock.tryTake(key);
					if (lock == null) {
						continue;
					}
					SandboxHandle owned = startOwned(key, base, lock.channel(), lock.lock(),
							URI.create(handle.baseUrl()).getPort());
					LOG.log(System.Logger.Level.DEBUG, "the shared sandbox''s owner is gone; serving it from this "
							+ "process at {0}", owned.baseUrl());
					handle.takeOver(owned);
					return;
				}
				catch (IOException | RuntimeException e) {
					if (!Files.isDirectory(key)) {
						// The sandbox directory is gone: there is nothing left to take over.
						return;
					}
					LOG.log(System.Logger.Level.DEBUG, "taking over the shared sandbox in {0} failed: {1}", key,
							e.toString());
				}
			}
		}
	}

	/** @param preferredPort the port to serve on when it is free; 0 for the previous owner's */
	private static SandboxHandle startOwned(Path dir, SandboxConfig base, FileChannel channel, FileLock lock,
			int preferredPort) throws IOException {
		SandboxServer server;
		try {
			Path state = base.stateFile() != null ? base.stateFile()
					: dir.resolve("state-" + base.dialect().wireName() + ".json");
			server = startPreferringPort(dir, base.toBuilder().stateFile(state).build(), preferredPort);
			writeDescriptor(dir, server);
		}
		catch (IOException | RuntimeException e) {
			if (channel != null) {
				channel.close();
			}
			throw e;
		}
		Path key = dir;
		SandboxServer owned = server;
		SandboxHandle handle = new SandboxHandle(server.baseUrl(), server.token(), server.dialect(), server, () -> {
			synchronized (OWNED) {
				OWNED.remove(key);
			}
			owned.stop();
			deleteDescriptorIfOurs(key, owned.instanceId());
			try {
				if (lock != null) {
					lock.release();
				}
				if (channel != null) {
					channel.close();
				}
			}
			catch (IOException e) {
				LOG.log(System.Logger.Level.DEBUG, "releasing the sandbox lock failed", e);
			}
		});
		OWNED.put(key, handle);
		return handle;
	}

	/**
	 * Serves on {@code preferredPort}, or else the previous owner's port, when it is free, so the sandbox keeps its
	 * address across takeovers.
	 */
	private static SandboxServer startPreferringPort(Path dir, SandboxConfig config, int preferredPort)
			throws IOException {
		JsonNode previous = readDescriptor(dir);
		int previousPort = preferredPort > 0 ? preferredPort
				: previous == null ? 0 : URI.create(previous.path("base_url").asText("http://x:0")).getPort();
		if (config.port() == 0 && previousPort > 0) {
			try {
				return SandboxServer.start(config.toBuilder().port(previousPort).build());
			}
			catch (IOException e) {
				if (!(e.getCause() instanceof BindException)) {
					throw e;
				}
			}
		}
		return SandboxServer.start(config);
	}

	private static void writeDescriptor(Path dir, SandboxServer server) throws IOException {
		ObjectNode descriptor = SandboxJson.JSON.objectNode();
		descriptor.put("base_url", server.baseUrl());
		descriptor.put("token", server.token());
		descriptor.put("instance_id", server.instanceId());
		descriptor.put("pid", ProcessHandle.current().pid());
		descriptor.put("dialect", server.dialect().wireName());
		descriptor.put("state_file", String.valueOf(server.config().stateFile().toAbsolutePath()));
		descriptor.put("started_at", Instant.now().toString());
		StateStore.atomicWrite(dir.resolve(DESCRIPTOR_FILE),
				SandboxServer.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(descriptor),
				StateStore.OWNER_ONLY);
	}

	private static JsonNode readDescriptor(Path dir) {
		Path file = dir.resolve(DESCRIPTOR_FILE);
		try {
			JsonNode node = SandboxServer.MAPPER.readTree(Files.readAllBytes(file));
			return node != null && node.hasNonNull("base_url") && node.hasNonNull("token") ? node : null;
		}
		catch (IOException missingOrUnreadable) {
			return null;
		}
	}

	private static void deleteDescriptorIfOurs(Path dir, String instanceId) {
		JsonNode descriptor = readDescriptor(dir);
		if (descriptor != null && instanceId.equals(descriptor.path("instance_id").asText())) {
			try {
				Files.deleteIfExists(dir.resolve(DESCRIPTOR_FILE));
			}
			catch (IOException e) {
				LOG.log(System.Logger.Level.DEBUG, "could not delete the sandbox descriptor", e);
			}
		}
	}

	/**
	 * The recorded sandbox answers its health endpoint as the same instance. Plain {@link HttpURLConnection}: the
	 * JDK's HttpClient would cost the shell's start hundreds of milliseconds of TLS set-up for one loopback call.
	 */
	static boolean healthy(JsonNode descriptor) {
		HttpURLConnection connection = null;
		try {
			URI uri = URI.create(descriptor.path("base_url").asText() + "/api/health");
			if (!"http".equals(uri.getScheme())
					|| !"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
				return false;
			}
			connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
			connection.setConnectTimeout(500);
			connection.setReadTimeout(1000);
			connection.setUseCaches(false);
			if (connection.getResponseCode() != 200) {
				return false;
			}
			JsonNode body;
			try (InputStream in = connection.getInputStream()) {
				body = SandboxServer.MAPPER.readTree(in);
			}
			String expected = descriptor.path("instance_id").asText(null);
			return expected == null || expected.equals(body.path("instance_id").asText());
		}
		catch (IOException | IllegalArgumentException e) {
			return false;
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	private static SandboxDialect dialectOf(JsonNode descriptor) {
		try {
			return SandboxDialect.parse(descriptor.path("dialect").asText("reference"));
		}
		catch (IllegalArgumentException e) {
			return SandboxDialect.REFERENCE;
		}
	}

	private static void createPrivateDirectory(Path dir) throws IOException {
		if (Files.isDirectory(dir)) {
			return;
		}
		Files.createDirectories(dir);
		try {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
		catch (UnsupportedOperationException notPosix) {
			// The descriptor itself is still written owner-only where the platform allows.
		}
	}

	private static void sleep(Duration duration) throws IOException {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for the sandbox", e);
		}
	}

}
