package io.s4e.shell.playbook;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Rows fetched page by page as a playbook iterates them ({@code each}, {@code findAll}, {@code take(3)} stop
 * fetching where they stop). What was fetched is kept, so iterating again does not ask the server again.
 */
public final class LazyPages<T> implements Iterable<T> {

	private final Supplier<Stream<T>> source;

	private final List<T> fetched = new ArrayList<>();

	private Iterator<T> remaining;

	private boolean exhausted;

	LazyPages(Supplier<Stream<T>> source) {
		this.source = source;
	}

	@Override
	public Iterator<T> iterator() {
		return new Iterator<>() {

			private int index;

			@Override
			public boolean hasNext() {
				return index < fetched.size() || fetchOne();
			}

			@Override
			public T next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return fetched.get(index++);
			}

		};
	}

	/** Every row, fetching the pages not fetched yet. */
	public List<T> toList() {
		while (fetchOne()) {
			// fetching
		}
		return new ArrayList<>(fetched);
	}

	public int size() {
		return toList().size();
	}

	public boolean isEmpty() {
		return !iterator().hasNext();
	}

	/** Groovy truth: no rows is false, as for a list. */
	public boolean asBoolean() {
		return !isEmpty();
	}

	private synchronized boolean fetchOne() {
		if (exhausted) {
			return false;
		}
		if (remaining == null) {
			remaining = source.get().iterator();
		}
		if (remaining.hasNext()) {
			fetched.add(remaining.next());
			return true;
		}
		exhausted = true;
		return false;
	}

	@Override
	public String toString() {
		return exhausted ? fetched.toString() : "(rows fetched as iterated; " + fetched.size() + " so far)";
	}

}
