package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.PageMeta;

/** Paging lazily and fetching ahead: the same rows in the same order, the right requests, failures where due. */
class PageIteratorTest {

	private final Set<Integer> requested = ConcurrentHashMap.newKeySet();

	/** Pages of three rows ({@code page * 100 + i}); the facts say {@code totalPages} pages in all. */
	private Page<Integer> page(int number, Integer totalPages) {
		requested.add(number);
		List<Integer> items = IntStream.range(0, 3).mapToObj(i -> number * 100 + i).toList();
		return new Page<>(items, new PageMeta(null, number, 3, totalPages));
	}

	private static <T> List<T> drain(PageIterator<T> rows) {
		List<T> out = new ArrayList<>();
		try (rows) {
			rows.forEachRemaining(out::add);
		}
		return out;
	}

	private static List<Integer> rowsOfPages(int pages) {
		return IntStream.rangeClosed(1, pages).boxed().flatMap(p -> IntStream.range(0, 3).mapToObj(i -> p * 100 + i))
			.toList();
	}

	@Test
	void fetchingAheadGivesEveryRowInOrderWithOneRequestPerPage() {
		assertThat(drain(new PageIterator<>(n -> page(n, 20), true))).isEqualTo(rowsOfPages(20));
		assertThat(requested).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
	}

	@Test
	void fetchingAheadKeepsTwoPagesInFlight() {
		CountDownLatch bothAsked = new CountDownLatch(2);
		Function<Integer, Page<Integer>> fetch = n -> {
			if (n == 2 || n == 3) {
				bothAsked.countDown();
				try {
					// Released only when pages 2 and 3 are asked for at the same time.
					if (!bothAsked.await(10, TimeUnit.SECONDS)) {
						throw new AssertionError("page " + n + " was asked for alone");
					}
				}
				catch (InterruptedException e) {
					throw new IllegalStateException(e);
				}
			}
			return page(n, 4);
		};
		assertThat(drain(new PageIterator<>(fetch, true))).isEqualTo(rowsOfPages(4));
	}

	@Test
	void withoutTotalsPagesAreAskedForOneAfterAnother() {
		// Full pages and no totals: each next page is only known to be worth asking for once the last is read.
		Function<Integer, Page<Integer>> fetch = n -> {
			assertThat(requested).as("pages asked for before page %d", n).hasSize(n - 1);
			requested.add(n);
			List<Integer> items = n < 4 ? List.of(n * 100, n * 100 + 1, n * 100 + 2) : List.of(n * 100);
			return new Page<>(items, new PageMeta(null, null, 3, null));
		};
		List<Integer> rows = drain(new PageIterator<>(fetch, true));
		assertThat(rows).hasSize(10).endsWith(400);
	}

	@Test
	void aPageGuessedFromEarlierTotalsIsDroppedWhenTheListShrinks() {
		// Page 1 says five pages, page 2 says two: the guessed pages 3 and 4 never show, even when they fail.
		Function<Integer, Page<Integer>> fetch = n -> {
			if (n >= 3) {
				requested.add(n);
				throw new ApiException.Network("page " + n + " is past the end", null);
			}
			return page(n, n == 1 ? 5 : 2);
		};
		assertThat(drain(new PageIterator<>(fetch, true))).isEqualTo(rowsOfPages(2));
	}

	@Test
	void aFailureOfAPageThatIsNeededReachesTheReaderAfterTheRowsBeforeIt() {
		ApiException failure = new ApiException.Network("connection reset", null);
		PageIterator<Integer> rows = new PageIterator<>(n -> {
			if (n == 3) {
				throw failure;
			}
			return page(n, 5);
		}, true);
		List<Integer> seen = new ArrayList<>();
		try (rows) {
			assertThatThrownBy(() -> rows.forEachRemaining(seen::add)).isSameAs(failure);
		}
		assertThat(seen).isEqualTo(rowsOfPages(2));
	}

	@Test
	void lazyPagingAsksOnlyForWhatIsRead() {
		PageIterator<Integer> rows = new PageIterator<>(n -> page(n, 20));
		assertThat(rows.next()).isEqualTo(100);
		assertThat(requested).containsExactly(1);
	}

	@Test
	void closingStopsTheBackgroundFetches() throws InterruptedException {
		CountDownLatch never = new CountDownLatch(1);
		PageIterator<Integer> rows = new PageIterator<>(n -> {
			if (n > 1) {
				try {
					never.await(); // a request that hangs until closed
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new ApiException.Network("interrupted", e);
				}
			}
			return page(n, 10);
		}, true);
		assertThat(rows.next()).isEqualTo(100);
		rows.close();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			if (t.getName().startsWith("s4e-page-fetch-")) {
				t.join(TimeUnit.SECONDS.toMillis(5));
				assertThat(t.isAlive()).as(t.getName()).isFalse();
			}
		}
	}

}
