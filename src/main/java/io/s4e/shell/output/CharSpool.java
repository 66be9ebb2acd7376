package io.s4e.shell.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Chars staged in a file as they are in memory (two bytes each, native order) and read back the same way: no
 * character encoder or decoder on either side, only bulk copies through a direct buffer. For text that is written
 * once and copied once into a {@link Writer}, where encoding it to UTF-8 and decoding it again would be two passes
 * over every character for nothing. Not for files anyone else reads.
 */
final class CharSpool extends Writer {

	/** Chars per buffer: the chunk each write to and read from the file moves. */
	static final int CHUNK_CHARS = 64 * 1024;

	private final FileChannel channel;

	private final ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK_CHARS * 2).order(ByteOrder.nativeOrder());

	private final CharBuffer chars = bytes.asCharBuffer();

	private char[] copy;

	private boolean closed;

	private CharSpool(FileChannel channel) {
		this.channel = channel;
	}

	/** Writes to the (existing, empty) file at {@code path}, which keeps its permissions. */
	static CharSpool create(Path path) throws IOException {
		return new CharSpool(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
	}

	static Reader open(Path path) throws IOException {
		return new Reader(FileChannel.open(path, StandardOpenOption.READ));
	}

	@Override
	public void write(char[] buf, int off, int len) throws IOException {
		while (len > 0) {
			int n = Math.min(len, chars.remaining());
			chars.put(buf, off, n);
			off += n;
			len -= n;
			if (!chars.hasRemaining()) {
				drain();
			}
		}
	}

	@Override
	public void write(String str, int off, int len) throws IOException {
		if (copy == null) {
			copy = new char[1024];
		}
		while (len > 0) {
			int n = Math.min(len, copy.length);
			str.getChars(off, off + n, copy, 0);
			write(copy, 0, n);
			off += n;
			len -= n;
		}
	}

	@Override
	public void write(int c) throws IOException {
		chars.put((char) c);
		if (!chars.hasRemaining()) {
			drain();
		}
	}

	private void drain() throws IOException {
		bytes.clear().limit(chars.position() * 2);
		while (bytes.hasRemaining()) {
			channel.write(bytes);
		}
		chars.clear();
	}

	/** Writes what is buffered to the file (it stays open). */
	@Override
	public void flush() throws IOException {
		drain();
	}

	@Override
	public void close() throws IOException {
		if (closed) {
			return;
		}
		closed = true;
		try (channel) {
			drain();
		}
	}

	/** Reads the chars of a spool back, in order. */
	static final class Reader implements Closeable {

		private final FileChannel channel;

		private final ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK_CHARS * 2).order(ByteOrder.nativeOrder());

		private Reader(FileChannel channel) {
			this.channel = channel;
		}

		/** Fills {@code into} from the start with up to its length of chars; 0 at the end. */
		int read(char[] into) throws IOException {
			int want = Math.min(into.length, CHUNK_CHARS) * 2;
			bytes.clear().limit(want);
			while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
				// a read may return part of what is asked: go on until the chunk is full or the file ends
			}
			if (bytes.position() % 2 != 0) {
				throw new IOException("staged text ends inside a character");
			}
			bytes.flip();
			int n = bytes.remaining() / 2;
			bytes.asCharBuffer().get(into, 0, n);
			return n;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}

	}

}
