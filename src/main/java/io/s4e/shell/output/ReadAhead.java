package io.s4e.shell.output;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Reads rows on a second thread while the caller writes them, so that fetching the next page (request, JSON
 * parsing, decoding into models) overlaps with writing the current one: a long export takes the longer of the two,
 * not their sum. At most {@link #CAPACITY} rows wait between the threads, so memory stays bounded by a few pages.
 * Before the caller would wait for a row, {@code onWait} runs (the renderer flushes what is written, so rows still
 * show as soon as they arrive). A failure of the source reaches the caller as it was thrown, once the rows read
 * before it are written; an interrupted caller (Ctrl-C) stops the reader.
 */
final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

	static final int CAPACITY = 256;

	/** Stand-ins on the queue: a null row, the end of the rows, and a failure of the source. */
	private static final Object NULL = new Object();

	private static final Object END = new Object();

	private record Failure(Throwable error) {
	}

	private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);

	private final Runnable onWait;

	private final Thread reader;

	private volatile boolean closed;

	private Object next;

	ReadAhead(Iterator<? extends T> source, Runnable onWait) {
		this.onWait = onWait;
		this.reader = new Thread(() -> read(source), "s4e-read-ahead");
		reader.setDaemon(true);
		reader.start();
	}

	private void read(Iterator<? extends T> source) {
		Object last = END;
		try {
			while (!closed && source.hasNext()) {
				T row = source.next();
				queue.put(row == null ? NULL : row);
			}
		}
		catch (InterruptedException e) {
			return; // closed by the caller
		}
		catch (RuntimeException | Error e) {
			last = new Failure(e);
		}
		try {
			queue.put(last);
		}
		catch (InterruptedException e) {
			// closed by the caller: nobody waits for the end any more
		}
	}

	@Override
	public boolean hasNext() {
		if (next == null) {
			next = queue.poll();
			if (next == null) {
				onWait.run();
				try {
					next = queue.take();
				}
				catch (InterruptedException e) {
					close();
					Thread.currentThread().interrupt();
					throw new CancellationException("interrupted while reading rows");
				}
			}
		}
		if (next instanceof Failure failure) {
			next = END;
			if (failure.error instanceof RuntimeException e) {
				throw e;
			}
			throw (Error) failure.error;
		}
		return next != END;
	}

	@Override
	@SuppressWarnings("unchecked")
	public T next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		Object row = next;
		next = null;
		return row == NULL ? null : (T) row;
	}

	/** Stops the reader (a page being fetched is abandoned) and waits briefly for it to end. */
	@Override
	public void close() {
		closed = true;
		reader.interrupt();
		queue.clear();
		try {
			reader.join(TimeUnit.MILLISECONDS.toMillis(500));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
