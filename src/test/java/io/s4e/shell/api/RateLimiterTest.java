package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

	static final class FakeTime implements TimeSource {

		final AtomicLong now = new AtomicLong(1_700_000_000_000L);

		@Override
		public long millis() {
			return now.get();
		}

		@Override
		public void sleep(long millis) {
			now.addAndGet(millis);
		}

	}

	@Test
	void goesStraightThroughWhileTheBudgetIsComfortable() {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(time);
		limiter.update("default", "100", "50", String.valueOf(time.millis() / 1000 + 60));
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.reserve("default")).isZero();
		}
	}

	@Test
	void pacesAtTheRefillRateNearTheEndOfTheBudget() {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(time);
		// Create limit: 10 a minute, one left.
		limiter.update("create", "10", "1", String.valueOf(time.millis() / 1000 + 6));
		long first = limiter.reserve("create");
		long second = limiter.reserve("create");
		long third = limiter.reserve("create");
		assertThat(first).isZero();
		assertThat(second).isEqualTo(6000);
		assertThat(third).isEqualTo(12000);
		// Other buckets are unaffected.
		assertThat(limiter.reserve("default")).isZero();
	}

	@Test
	void exhaustedBudgetWaitsOneRefillInterval() {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(time);
		limiter.update("default", "60", "0", String.valueOf(time.millis() / 1000 + 30));
		assertThat(limiter.reserve("default")).isEqualTo(1000);
	}

	@Test
	void afterA429NothingGoesBeforeRetryAfter() throws InterruptedException {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(time);
		limiter.backOff("default", 23_000);
		long before = time.millis();
		limiter.acquire("default");
		assertThat(time.millis() - before).isEqualTo(23_000);
	}

	@Test
	void malformedHeadersAreIgnored() {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(time);
		limiter.update("default", "lots", "-", "soon");
		assertThat(limiter.budget("default")).isEmpty();
		assertThat(limiter.reserve("default")).isZero();
	}

}
