package io.s4e.shell.api;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.s4e.shell.api.model.Page;

/** Walks a paged list lazily: one page in memory at a time, the next fetched only when needed. */
final class PageIterator<T> implements Iterator<T> {

	/** A server that keeps answering full pages is cut off here rather than looping forever. */
	private static final int MAX_PAGES = 1_000_000;

	private final Function<Integer, Page<T>> fetch;

	private Iterator<T> current;

	private Page<T> page;

	private int pageNumber;

	private boolean exhausted;

	PageIterator(Function<Integer, Page<T>> fetch) {
		this.fetch = fetch;
	}

	@Override
	public boolean hasNext() {
		while ((current == null || !current.hasNext()) && !exhausted) {
			if (page != null && !page.meta().hasNext(page.items().size()) || pageNumber >= MAX_PAGES) {
				exhausted = true;
				break;
			}
			pageNumber++;
			page = fetch.apply(pageNumber);
			current = page.items().iterator();
			if (page.items().isEmpty()) {
				exhausted = true;
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

}
