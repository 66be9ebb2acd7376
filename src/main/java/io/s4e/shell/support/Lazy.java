package io.s4e.shell.support;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use, once, whichever thread asks first: for the parts that are costly to make and that
 * many runs never need (the Groovy engine, Caffeine's cache, Hibernate Validator, an HTTP client).
 */
public final class Lazy<T> implements Supplier<T> {

	private final Supplier<? extends T> maker;

	private volatile T value;

	private Lazy(Supplier<? extends T> maker) {
		this.maker = Objects.requireNonNull(maker);
	}

	public static <T> Lazy<T> of(Supplier<? extends T> maker) {
		return new Lazy<>(maker);
	}

	/** The value, made now if it was not yet. */
	@Override
	public T get() {
		T v = value;
		if (v == null) {
			synchronized (this) {
				v = value;
				if (v == null) {
					v = Objects.requireNonNull(maker.get(), "made nothing");
					value = v;
				}
			}
		}
		return v;
	}

	/** The value if it was made, else null: for work that only matters once something uses it. */
	public T ifMade() {
		return value;
	}

}
