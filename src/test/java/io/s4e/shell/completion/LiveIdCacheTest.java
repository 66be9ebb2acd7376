package io.s4e.shell.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.s4e.shell.completion.LiveIdCache.IdCandidate;
import io.s4e.shell.completion.LiveIdCache.Kind;

class LiveIdCacheTest {

	@Test
	void aHangingLoadCostsAtMostTheDeadlineAndFillsTheCacheLater() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		LiveIdCache cache = new LiveIdCache(kind -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return List.of(new IdCandidate("a-1001", "example.com"));
		}, Duration.ofMinutes(1), Duration.ofMillis(150));
		long start = System.nanoTime();
		assertThat(cache.candidates(Kind.ASSETS)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		release.countDown();
		// The same load finishes in the background; the next TAB has it.
		for (int i = 0; i < 50 && cache.candidates(Kind.ASSETS).isEmpty(); i++) {
			Thread.sleep(20);
		}
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1001");
	}

	@Test
	void changesBeforeAnyCompletionSendNoRequest() throws Exception {
		// A one-shot command or a playbook creates scans and never completes: reloading TAB's list after each
		// change would be requests for nothing.
		AtomicInteger loads = new AtomicInteger();
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			LiveIdCache cache = new LiveIdCache(kind -> {
				loads.incrementAndGet();
				return List.of(new IdCandidate("sc-1", "running"));
			}, Duration.ofMinutes(1), Duration.ofMillis(500), executor);
			for (int i = 0; i < 5; i++) {
				cache.refresh(Kind.SCANS);
			}
			cache.clear();
			// Whatever the executor was given has run by the time this no-op task does.
			executor.submit(() -> null).get(5, TimeUnit.SECONDS);
			assertThat(loads).hasValue(0);
			// The first TAB then loads as usual.
			assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-1");
			assertThat(loads).hasValue(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void staleEntriesAreServedWhileARefreshRuns() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch secondLoadStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		LiveIdCache cache = new LiveIdCache(kind -> {
			int n = loads.incrementAndGet();
			if (n > 1) {
				secondLoadStarted.countDown();
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return List.of(new IdCandidate("sc-" + n, "running"));
		}, Duration.ofMinutes(1), Duration.ofMillis(500));
		assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-1");
		cache.refresh(Kind.SCANS);
		assertThat(secondLoadStarted.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-1");
		release.countDown();
		for (int i = 0; i < 50 && cache.candidates(Kind.SCANS).get(0).id().equals("sc-1"); i++) {
			Thread.sleep(20);
		}
		assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-2");
	}

	@Test
	void anEntryOlderThanTheRefreshIntervalIsReloadedInTheBackgroundOnTheNextTab() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
		CountDownLatch reloaded = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		LiveIdCache cache = new LiveIdCache(kind -> {
			int n = loads.incrementAndGet();
			if (n > 1) {
				reloaded.countDown();
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return List.of(new IdCandidate("a-" + n, "x"));
		}, Duration.ofSeconds(30), Duration.ofSeconds(5), java.util.concurrent.Executors.newFixedThreadPool(2),
				nanos::get);
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		// Younger than the interval: no reload.
		nanos.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		assertThat(loads).hasValue(1);
		// Older: this TAB still answers from the cache, and starts a reload the next TAB sees.
		nanos.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		assertThat(reloaded.await(5, TimeUnit.SECONDS)).as("the stale entry was reloaded").isTrue();
		assertThat(cache.candidates(Kind.ASSETS)).as("served while the reload runs").extracting(IdCandidate::id)
			.containsExactly("a-1");
		release.countDown();
		for (int i = 0; i < 500 && cache.candidates(Kind.ASSETS).get(0).id().equals("a-1"); i++) {
			Thread.sleep(20);
		}
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-2");
	}

	@Test
	void changesInQuickSuccessionCostOneReloadAtOnceAndOneAtTheEnd() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		LiveIdCache cache = new LiveIdCache(kind -> List.of(new IdCandidate("sc-" + loads.incrementAndGet(), "x")),
				Duration.ofMinutes(1), Duration.ofSeconds(5));
		assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-1");
		// A batch: 200 creates, each asking for a reload.
		for (int i = 0; i < 200; i++) {
			cache.refresh(Kind.SCANS);
		}
		// The first reload goes at once, the rest fold into one after the interval.
		for (int i = 0; i < 500 && loads.get() < 3; i++) {
			Thread.sleep(20);
		}
		Thread.sleep(LiveIdCache.CHANGE_RELOAD_INTERVAL.toMillis() + 300);
		assertThat(loads).as("1 load, 1 reload at once, 1 at the end of the interval").hasValue(3);
		for (int i = 0; i < 500 && !cache.candidates(Kind.SCANS).get(0).id().equals("sc-3"); i++) {
			Thread.sleep(20);
		}
		assertThat(cache.candidates(Kind.SCANS)).extracting(IdCandidate::id).containsExactly("sc-3");
	}

	@Test
	void aFailingLoadOffersNothingAndIsRetriedNextTime() {
		AtomicInteger loads = new AtomicInteger();
		LiveIdCache cache = new LiveIdCache(kind -> {
			if (loads.incrementAndGet() == 1) {
				throw new IllegalStateException("server down");
			}
			return List.of(new IdCandidate("a-1", "x"));
		}, Duration.ofMinutes(1), Duration.ofSeconds(10));
		// The deadline is generous so a busy machine cannot turn the first failure into a timeout.
		assertThat(cache.candidates(Kind.ASSETS)).isEmpty();
		assertThat(loads).hasValue(1);
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		assertThat(loads).hasValue(2);
	}


	@Test
	void anEntryOlderThanTheRefreshIntervalIsServedAndReloadedInTheBackground() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
		LiveIdCache cache = new LiveIdCache(kind -> List.of(new IdCandidate("a-" + loads.incrementAndGet(), "x")),
				Duration.ofSeconds(30), Duration.ofMillis(500), Runnable::run, nanos::get);
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		nanos.addAndGet(Duration.ofSeconds(29).toNanos());
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-1");
		assertThat(loads).hasValue(1);
		nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		// Stale: this TAB still gets the old entry (the reload runs on the executor, here inline).
		cache.candidates(Kind.ASSETS);
		assertThat(loads).hasValue(2);
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-2");
		// Ten minutes without a successful load and the entry is gone rather than shown forever.
		nanos.addAndGet(Duration.ofMinutes(11).toNanos());
		assertThat(cache.candidates(Kind.ASSETS)).extracting(IdCandidate::id).containsExactly("a-3");
	}

}
