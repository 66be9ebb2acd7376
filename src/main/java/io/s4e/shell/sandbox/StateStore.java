package io.s4e.shell.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Persists the world to one JSON file. Writes go to a temporary file in the same directory, are forced to disk and
 * then atomically renamed over the state file, so a process killed at any moment leaves either the old or the new
 * complete file. Mutations are coalesced into at most one write per {@code delay}; {@link #flush} writes at once
 * (a scan create waits for it before answering 201).
 */
final class StateStore implements AutoCloseable {

	/** A serialized world and the mutation generation it reflects. */
	record Snapshot(long generation, boolean clean, byte[] bytes) {
	}

	private static final System.Logger LOG = System.getLogger(StateStore.class.getName());

	/** Only the owner may read the state: it holds the sandbox's API token. */
	static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.OWNER_WRITE);

	static final ObjectMapper MAPPER = new ObjectMapper()
		.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path file;

	private final Duration delay;

	private final Function<Boolean, Snapshot> snapshotter;

	private final ScheduledExecutorService scheduler;

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final Object writeLock = new Object();

	private long writtenGeneration = -1;

	/** @param snapshotter serializes the world, given whether this is the final write on stop */
	StateStore(Path file, Duration delay, Function<Boolean, Snapshot> snapshotter) {
		this.file = file.toAbsolutePath();
		this.delay = delay;
		this.snapshotter = snapshotter;
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "s4e-sandbox-state");
			t.setDaemon(true);
			return t;
		});
		pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.scheduler = pool;
	}

	Path file() {
		return file;
	}

	/**
	 * Reads a state file, or returns null when there is none. Leftover temporary files of an interrupted write are
	 * removed; a state file that cannot be parsed is moved aside (as {@code <name>.corrupt-<millis>}) so the sandbox
	 * can start afresh without destroying it.
	 */
	static WorldState load(Path file) throws IOException {
		Path target = file.toAbsolutePath();
		if (Files.isDirectory(target)) {
			throw new IOException(target + " is a directory; the sandbox state needs a file path");
		}
		removeTemporaries(target);
		if (!Files.exists(target)) {
			return null;
		}
		// An unreadable file (permissions, I/O) is the caller's problem to fix; only a file that is not a sandbox
		// state is moved aside.
		byte[] bytes = Files.readAllBytes(target);
		String problem;
		try {
			WorldState state = MAPPER.readValue(bytes, WorldState.class);
			if (state != null && state.format() == WorldState.FORMAT && state.assets() != null && state.scans() != null
					&& state.findings() != null && state.dialect() != null) {
				return state;
			}
			problem = "not a sandbox state file (format " + (state == null ? "?" : state.format()) + ")";
		}
		catch (JsonProcessingException e) {
			problem = e.getOriginalMessage();
		}
		Path aside = target.resolveSibling(target.getFileName() + ".corrupt-" + System.currentTimeMillis());
		Files.move(target, aside, StandardCopyOption.REPLACE_EXISTING);
		LOG.log(System.Logger.Level.WARNING, "sandbox state {0} is unreadable ({1}); moved it to {2} and "
				+ "started a fresh world", target, problem, aside);
		return null;
	}

	/** Schedules a write within {@code delay} unless one is already pending. */
	void markDirty() {
		if (scheduled.compareAndSet(false, true)) {
			try {
				scheduler.schedule(this::scheduledFlush, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException stopped) {
				scheduled.set(false);
			}
		}
	}

	private void scheduledFlush() {
		scheduled.set(false);
		try {
			flush(false);
		}
		catch (IOException | RuntimeException e) {
			LOG.log(System.Logger.Level.WARNING, "could not persist sandbox state to {0}: {1}", file, e.toString());
		}
	}

	/** Writes the current world now unless a write of the same or a newer generation already happened. */
	void flush(boolean clean) throws IOException {
		Snapshot snapshot = snapshotter.apply(clean);
		synchronized (writeLock) {
			if (snapshot.generation() <= writtenGeneration && !snapshot.clean()) {
				return;
			}
			atomicWrite(file, snapshot.bytes(), OWNER_ONLY);
			writtenGeneration = Math.max(writtenGeneration, snapshot.generation());
		}
	}

	/** Stops scheduled writes and makes the final, clean one. */
	@Override
	public void close() throws IOException {
		scheduler.shutdownNow();
		try {
			scheduler.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		flush(true);
	}

	/**
	 * Replaces {@code target} with {@code bytes} atomically: temp file in the same directory, fsync, atomic rename,
	 * then fsync of the directory so the rename itself survives a crash.
	 * @param permissions POSIX permissions of the new file, or null for the default
	 */
	static void atomicWrite(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path dir = absolute.getParent();
		Files.createDirectories(dir);
		Path temp = dir.resolve(temporaryPrefix(absolute) + HexFormat.of().toHexDigits(RANDOM.nextLong()));
		boolean moved = false;
		try {
			try (FileChannel channel = openNew(temp, permissions)) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				throw new IOException("the file system of " + dir + " cannot rename atomically", e);
			}
			moved = true;
			syncDirectory(dir);
		}
		finally {
			if (!moved) {
				Files.deleteIfExists(temp);
			}
		}
	}

	private static FileChannel openNew(Path path, Set<PosixFilePermission> permissions) throws IOException {
		Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		if (permissions != null) {
			try {
				return FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(permissions));
			}
			catch (UnsupportedOperationException notPosix) {
				// Falls through to default permissions on file systems without POSIX attributes.
			}
			catch (FileAlreadyExistsException e) {
				throw e;
			}
		}
		return FileChannel.open(path, options);
	}

	private static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException notSupported) {
			// Some platforms cannot open or sync directories; the rename is still atomic there.
		}
	}

	private static String temporaryPrefix(Path target) {
		return "." + target.getFileName() + ".tmp-";
	}

	private static void removeTemporaries(Path target) throws IOException {
		Path dir = target.getParent();
		if (dir == null || !Files.isDirectory(dir)) {
			return;
		}
		String prefix = temporaryPrefix(target);
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
			.startsWith(prefix))) {
			for (Path leftover : entries) {
				Files.deleteIfExists(leftover);
			}
		}
	}

}
