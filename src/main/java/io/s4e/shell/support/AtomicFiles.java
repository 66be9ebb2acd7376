package io.s4e.shell.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: the new content goes to a temporary file in the same folder, is forced to disk,
 * and is renamed over the target in one step. A reader (or a process killed at any moment) sees either the old
 * file or the new one, never a mix.
 */
public final class AtomicFiles {

	public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private AtomicFiles() {
	}

	/** Writes {@code content} to {@code target} atomically, readable by the owner only. */
	public static void write(Path target, byte[] content) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		ensurePrivateDirectory(dir);
		Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
		try {
			if (POSIX) {
				Files.setPosixFilePermissions(tmp, OWNER_ONLY_FILE);
			}
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buf = ByteBuffer.wrap(content);
				while (buf.hasRemaining()) {
					ch.write(buf);
				}
				ch.force(true);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			forceDirectory(dir);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Creates the folder (and parents) if needed; a folder this call creates is owner-only. */
	public static void ensurePrivateDirectory(Path dir) throws IOException {
		if (Files.isDirectory(dir)) {
			return;
		}
		Files.createDirectories(dir);
		if (POSIX) {
			Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
		}
	}

	/** Makes the rename itself durable; not every file system allows opening a folder, which is fine. */
	private static void forceDirectory(Path dir) {
		try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
			ch.force(true);
		}
		catch (IOException | UnsupportedOperationException ignored) {
			// best effort
		}
	}

	public static boolean isPosix() {
		return POSIX;
	}

}
