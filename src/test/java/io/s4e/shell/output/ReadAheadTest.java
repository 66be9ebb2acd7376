package io.s4e.shell.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReadAheadTest {

	@Test
	void rowsArriveInOrderNullsIncluded() {
		List<String> source = Arrays.asList("a", null, "b", "c");
		List<String> seen = new ArrayList<>();
		try (ReadAhead<String> rows = new ReadAhead<>(source.iterator(), () -> {
		})) {
			rows.forEachRemaining(seen::add);
		}
		assertThat(seen).containsExactly("a", null, "b", "c");
	}

	@Test
	void aFailureOfTheSourceComesAfterTheRowsReadBeforeIt() {
		Iterator<String> failing = new Iterator<>() {
			int i;

			@Override
			public boolean hasNext() {
				if (i == 2) {
					throw new IllegalStateException("page 2 failed");
				}
				return true;
			}

			@Override
			public String next() {
				return "row" + i++;
			}
		};
		List<String> seen = new ArrayList<>();
		try (ReadAhead<String> rows = new ReadAhead<>(failing, () -> {
		})) {
			assertThatThrownBy(() -> rows.forEachRemaining(seen::add)).isInstanceOf(IllegalStateException.class)
				.hasMessage("page 2 failed");
			assertThat(rows.hasNext()).isFalse();
		}
		assertThat(seen).containsExactly("row0", "row1");
	}

	@Test
	void waitingForARowFlushesFirst() throws Exception {
		CountDownLatch secondPage = new CountDownLatch(1);
		AtomicInteger flushes = new AtomicInteger();
		Iterator<String> paged = new Iterator<>() {
			int i;

			@Override
			public boolean hasNext() {
				if (i == 1) {
					try {
						// the next page is slow to come: the writer must flush before it waits for it
						secondPage.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}
				return i < 2;
			}

			@Override
			public String next() {
				return "row" + i++;
			}
		};
		try (ReadAhead<String> rows = new ReadAhead<>(paged, () -> {
			flushes.incrementAndGet();
			secondPage.countDown();
		})) {
			List<String> seen = new ArrayList<>();
			rows.forEachRemaining(seen::add);
			assertThat(seen).containsExactly("row0", "row1");
		}
		assertThat(flushes.get()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void readsNoFurtherAheadThanItsCapacity() throws Exception {
		AtomicInteger read = new AtomicInteger();
		CountDownLatch full = new CountDownLatch(1);
		Iterator<Integer> endless = new Iterator<>() {
			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public Integer next() {
				int n = read.incrementAndGet();
				if (n > ReadAhead.CAPACITY) {
					full.countDown();
				}
				return n;
			}
		};
		try (ReadAhead<Integer> rows = new ReadAhead<>(endless, () -> {
		})) {
			assertThat(rows.next()).isEqualTo(1);
			assertThat(full.await(10, TimeUnit.SECONDS)).isTrue();
			// the queue holds CAPACITY rows; the reader blocks holding one more
			assertThat(read.get()).isLessThanOrEqualTo(ReadAhead.CAPACITY + 2);
		}
	}

	@Test
	void anInterruptedWriterStopsTheReader() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		Iterator<String> hanging = new Iterator<>() {
			@Override
			public boolean hasNext() {
				try {
					never.await();
				}
				catch (InterruptedException e) {
					throw new IllegalStateException("interrupted");
				}
				return false;
			}

			@Override
			public String next() {
				return null;
			}
		};
		ReadAhead<String> rows = new ReadAhead<>(hanging, () -> {
		});
		Thread.currentThread().interrupt();
		assertThatThrownBy(rows::hasNext).isInstanceOf(CancellationException.class);
		assertThat(Thread.interrupted()).isTrue();
		Thread reader = Thread.getAllStackTraces().keySet().stream()
			.filter(t -> t.getName().equals("s4e-read-ahead") && t.isAlive())
			.findFirst()
			.orElse(null);
		if (reader != null) {
			reader.join(5000);
			assertThat(reader.isAlive()).isFalse();
		}
	}

}
