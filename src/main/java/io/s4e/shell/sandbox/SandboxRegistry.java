package io.s4e.shell.sandbox;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * within a few seconds) the newcomer takes over, carrying on from the persisted state.
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
	static final Duration OWNER_GRACE = Duration.ofSeconds(5);

	private static final Duration POLL = Duration.ofMillis(100);

	/**
	 * Sandboxes this JVM owns, by directory. Within one process the lock file must not be opened a second time:
	 * closing any descriptor of a file drops the process's POSIX lock on it.
	 */
	private static final Map<Path, SandboxHandle> OWNED = new HashMap<>();

	private static final HttpClient HEALTH_CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofMillis(500))
		.build();

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
				return new SandboxHandle(mine.baseUrl(), mine.token(), mine.dialect(), null, () -> {
				});
			}
			long deadline = System.nanoTime() + OWNER_GRACE.toNanos();
			while (true) {
				FileChannel channel = FileChannel.open(key.resolve(LOCK_FILE), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE);
				FileLock lock;
				try {
					lock = channel.tryLock();
				}
				catch (OverlappingFileLockException | IOException e) {
					lock = null;
				}
				if (lock != null) {
					return startOwned(key, base, channel, lock);
				}
				channel.close();
				JsonNode descriptor = readDescriptor(key);
				if (descriptor != null && healthy(descriptor)) {
					return new SandboxHandle(descriptor.path("base_url").asText(), descriptor.path("token").asText(),
							dialectOf(descriptor), null, () -> {
							});
				}
				if (System.nanoTime() > deadline) {
					LOG.log(System.Logger.Level.WARNING, "the sandbox in {0} holds its lock but does not answer; "
							+ "starting a new one on the same state", key);
					return startOwned(key, base, null, null);
				}
				sleep(POLL);
			}
		}
	}

	private static SandboxHandle startOwned(Path dir, SandboxConfig base, FileChannel channel, FileLock lock)
			throws IOException {
		SandboxServer server;
		try {
			Path state = base.stateFile() != null ? base.stateFile()
					: dir.resolve("state-" + base.dialect().wireName() + ".json");
			server = startPreferringPreviousPort(dir, base.toBuilder().stateFile(state).build());
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

	/** Reuses the port of the previous owner when it is free, so the sandbox keeps its address across takeovers. */
	private static SandboxServer startPreferringPreviousPort(Path dir, SandboxConfig config) throws IOException {
		JsonNode previous = readDescriptor(dir);
		int previousPort = previous == null ? 0 : URI.create(previous.path("base_url").asText("http://x:0")).getPort();
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

	/** The recorded sandbox answers its health endpoint as the same instance. */
	static boolean healthy(JsonNode descriptor) {
		try {
			URI uri = URI.create(descriptor.path("base_url").asText() + "/api/health");
			if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
				return false;
			}
			HttpResponse<String> response = HEALTH_CLIENT.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return false;
			}
			JsonNode body = SandboxServer.MAPPER.readTree(response.body());
			String expected = descriptor.path("instance_id").asText(null);
			return expected == null || expected.equals(body.path("instance_id").asText());
		}
		catch (IOException | IllegalArgumentException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
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
