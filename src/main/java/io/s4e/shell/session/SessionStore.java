package io.s4e.shell.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.s4e.shell.support.AtomicFiles;

/**
 * The session file of one profile, {@code $XDG_STATE_HOME/s4e/<profile>/session.json}. Every update is read,
 * changed, merged with what another shell may have written, and replaced atomically under a file lock before the
 * call returns, so a created scan is on disk before anything else happens and a crash at any moment leaves a
 * readable file. A corrupt file is set aside (never deleted) with a warning and the session starts empty.
 */
public final class SessionStore {

	/**
	 * Made when a session file is first read or written (a holder class, initialised on first use): Jackson's
	 * start-up is a tenth of the shell's, and a first run, with no session yet, needs none of it before its prompt.
	 */
	private static final class Json {

		static final ObjectMapper MAPPER = new ObjectMapper()
			.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
			.enable(SerializationFeature.INDENT_OUTPUT);

	}

	private final Path file;

	private final Path lockFile;

	private final String profile;

	private final Clock clock;

	private volatile SessionState current;

	private volatile String loadWarning;

	private SessionStore(Path dir, String profile, Clock clock) {
		this.file = dir.resolve("session.json");
		this.lockFile = dir.resolve("session.lock");
		this.profile = profile;
		this.clock = clock;
	}

	/** Opens (without reading yet) the store of {@code profile} under {@code stateDir}. */
	public static SessionStore open(Path stateDir, String profile) {
		return open(stateDir, profile, Clock.systemUTC());
	}

	public static SessionStore open(Path stateDir, String profile, Clock clock) {
		String safe = profile == null || profile.isBlank() ? "default" : profile.replaceAll("[^A-Za-z0-9_.-]", "_");
		return new SessionStore(stateDir.resolve(safe), safe, clock);
	}

	public Path file() {
		return file;
	}

	/** The state as last read or written; read from disk on first use. */
	public SessionState current() {
		SessionState s = current;
		if (s == null) {
			synchronized (this) {
				if (current == null) {
					current = readOrSetAside();
				}
				s = current;
			}
		}
		return s;
	}

	/** The warning of the first load (a corrupt file set aside), or null. */
	public String loadWarning() {
		current();
		return loadWarning;
	}

	/** Applies a change and persists it before returning; safe across threads and processes. */
	public synchronized SessionState update(UnaryOperator<SessionState> change) {
		try {
			AtomicFiles.ensurePrivateDirectory(file.getParent());
			try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock held = lock.lock()) {
				SessionState onDisk = Files.exists(file) ? readQuietly() : null;
				SessionState base = current().mergedWith(onDisk);
				SessionState merged = change.apply(base).withUpdatedAt(Instant.now(clock).toString());
				AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(merged));
				current = merged;
				return merged;
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot save the session to " + file + ": " + e.getMessage(), e);
		}
	}

	private SessionState readOrSetAside() {
		if (!Files.exists(file)) {
			return SessionState.empty(profile);
		}
		try {
			SessionState s = Json.MAPPER.readValue(file.toFile(), SessionState.class);
			return s == null ? SessionState.empty(profile) : s;
		}
		catch (IOException | RuntimeException e) {
			Path aside = file.resolveSibling("session.json.corrupt-" + Instant.now(clock).toEpochMilli());
			try {
				Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
				loadWarning = "The session file was unreadable and was moved to " + aside + "; starting a new session.";
			}
			catch (IOException moveFailed) {
				loadWarning = "The session file " + file + " is unreadable (" + e.getMessage()
						+ "); starting a new session without saving over it.";
			}
			return SessionState.empty(profile);
		}
	}

	/** What another process wrote; unreadable content counts as none (ours replaces it, atomically). */
	private SessionState readQuietly() {
		try {
			return Json.MAPPER.readValue(file.toFile(), SessionState.class);
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

}
