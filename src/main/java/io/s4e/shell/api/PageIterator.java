package io.s4e.shell.api;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.PageMeta;

/**
 * Walks a paged list: lazily (one page in memory at a time, the next fetched only when needed), or fetching ahead.
 * <p>
 * Fetching ahead is for consumers that read every row anyway (an export): up to {@link #AHEAD} pages are requested
 * at once, on background threads, each page as soon as the paging facts of an earlier one say it exists. The
 * server then prepares one page while this side reads another, instead of each waiting for the other. A page
 * requested on a guess that a later page's facts disprove (the list shrank meanwhile) is dropped unseen, failures
 * included. {@link #close()} stops the requests in flight.
 */
final class PageIterator<T> implements Iterator<T>, AutoCloseable {

	/** A server that keeps answering full pages is cut off here rather than looping forever. */
	private static final int MAX_PAGES = 1_000_000;

	/** Pages in flight at once when fetching ahead. */
	static final int AHEAD = 2;

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final Function<Integer, Page<T>> fetch;

	/** Background fetches when fetching ahead, else null. */
	private final ThreadPoolExecutor pool;

	/** Pages requested and not yet taken, in page order (the first is {@code pageNumber + 1}). */
	private final ArrayDeque<Future<Page<T>>> inFlight = new ArrayDeque<>();

	private int requested;

	private Iterator<T> current;

	private Page<T> page;

	private int pageNumber;

	private boolean exhausted;

	PageIterator(Function<Integer, Page<T>> fetch) {
		this(fetch, false);
	}

	PageIterator(Function<Integer, Page<T>> fetch, boolean fetchAhead) {
		this.fetch = fetch;
		if (fetchAhead) {
			pool = new ThreadPoolExecutor(AHEAD, AHEAD, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
				Thread t = new Thread(r, "s4e-page-fetch-" + THREADS.incrementAndGet());
				t.setDaemon(true);
				return t;
			});
			pool.allowCoreThreadTimeOut(true);
		}
		else {
			pool = null;
		}
	}

	@Override
	public boolean hasNext() {
		while ((current == null || !current.hasNext()) && !exhausted) {
			if (page != null && !page.meta().hasNext(page.items().size()) || pageNumber >= MAX_PAGES) {
				finish();
				break;
			}
			pageNumber++;
			page = pool == null ? fetch.apply(pageNumber) : takeAhead();
			current = page.items().iterator();
			if (page.items().isEmpty()) {
				finish();
			}
		}
		return current != null && current.hasNext();
	}

	@Override
	public T next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		return current.next();
	}

	/** Page {@code pageNumber}, from the requests in flight, then more requests as far as the facts now allow. */
	private Page<T> takeAhead() {
		if (inFlight.isEmpty()) {
			request(pageNumber); // known to exist: the previous page said so
		}
		Future<Page<T>> next = inFlight.poll();
		Page<T> taken;
		try {
			taken = next.get();
		}
		catch (InterruptedException e) {
			close();
			Thread.currentThread().interrupt();
			throw new ApiException.Network("Interrupted while fetching page " + pageNumber + ".", e);
		}
		catch (ExecutionException e) {
			close();
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw (Error) cause;
		}
		while (inFlight.size() < AHEAD && requested < MAX_PAGES && exists(taken.meta(), requested + 1)) {
			request(requested + 1);
		}
		return taken;
	}

	private void request(int number) {
		requested = number;
		inFlight.add(pool.submit(() -> fetch.apply(number)));
	}

	/** Whether the paging facts say that page {@code number} exists; without totals there is no telling. */
	private static boolean exists(PageMeta meta, int number) {
		if (meta.totalPages() != null) {
			return number <= meta.totalPages();
		}
		if (meta.total() != null && meta.perPage() != null && meta.perPage() > 0) {
			return (long) (number - 1) * meta.perPage() < meta.total();
		}
		return false;
	}

	private void finish() {
		exhausted = true;
		close();
	}

	/** Stops the requests in flight (their pages are dropped) and the background threads. */
	@Override
	public void close() {
		if (pool == null) {
			return;
		}
		for (Future<Page<T>> f : inFlight) {
			f.cancel(true);
		}
		inFlight.clear();
		pool.shutdownNow();
	}

}
