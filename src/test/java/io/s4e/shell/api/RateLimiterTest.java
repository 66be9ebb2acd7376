package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

	final FakeTime time = new FakeTime();

	final RateLimiter limiter = new RateLimiter(time);

	String resetIn(int seconds) {
		return String.valueOf(time.millis() / 1000 + seconds);
	}

	/** One request through the limiter whose reply says {@code remaining}. */
	void answered(String bucket, int limit, int remaining) {
		limiter.reserve(bucket).update(String.valueOf(limit), String.valueOf(remaining), resetIn(60));
	}

	@Test
	void goesStraightThroughWhileTheBudgetIsComfortable() {
		answered("default", 100, 50);
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.reserve("default").delayMillis()).isZero();
		}
	}

	@Test
	void pacesAtTheRefillRateWithASmallMarginNearTheEndOfTheBudget() {
		// Create limit: 10 a minute (one per 6 s), two left: one goes, the last stays in reserve.
		answered("create", 10, 2);
		long first = limiter.reserve("create").delayMillis();
		long second = limiter.reserve("create").delayMillis();
		long third = limiter.reserve("create").delayMillis();
		assertThat(first).isZero();
		// 2 % wider than the refill interval: the server's bucket gains a little with each request, and a batch
		// stays far inside 1.15 times the floor the limit imposes.
		assertThat(second).isEqualTo(6120);
		assertThat(third).isEqualTo(12_240);
		assertThat(limiter.budget("create").orElseThrow().pacedIntervalMillis())
			.isBetween(6000L, (long) (6000 * 1.05));
		// Other buckets are unaffected.
		assertThat(limiter.reserve("default").delayMillis()).isZero();
	}

	@Test
	void exhaustedBudgetWaitsOneRefillInterval() {
		answered("default", 60, 0);
		assertThat(limiter.reserve("default").delayMillis()).isEqualTo(1020);
	}

	@Test
	void afterA429NothingGoesBeforeRetryAfter() throws InterruptedException {
		limiter.backOff("default", 23_000);
		long before = time.millis();
		limiter.acquire("default").release();
		assertThat(time.millis() - before).isEqualTo(23_000);
	}

	@Test
	void a429ThroughItsPermitHonoursRetryAfterEvenWhilePaced() {
		answered("create", 10, 1);
		RateLimiter.Permit refused = limiter.reserve("create");
		time.sleep(refused.delayMillis());
		refused.update("10", "0", resetIn(30));
		refused.backOff(30_000);
		assertThat(limiter.reserve("create").delayMillis()).isEqualTo(30_000);
	}

	@Test
	void aWorkerThatWakesLateDoesNotSendRightAfterTheNextOne() {
		answered("create", 10, 1);
		RateLimiter.Permit first = limiter.reserve("create");
		RateLimiter.Permit second = limiter.reserve("create");
		assertThat(first.delayMillis()).isEqualTo(6120);
		assertThat(second.delayMillis()).isEqualTo(12_240);
		// The second worker wakes on time and sends; the first was held up (a busy machine) until just after.
		time.sleep(12_240);
		assertThat(second.untilSend()).isZero();
		time.sleep(5);
		// Sending it now would put two creates 5 ms apart into a bucket that refills one per 6 s.
		assertThat(first.untilSend()).isEqualTo(6115);
		time.sleep(6115);
		assertThat(first.untilSend()).isZero();
	}

	@Test
	void aRetryAfterThatArrivesWhileAPermitWaitsHoldsItBack() {
		answered("create", 10, 5);
		RateLimiter.Permit reserved = limiter.reserve("create");
		assertThat(reserved.delayMillis()).isZero();
		limiter.backOff("create", 20_000);
		assertThat(reserved.untilSend()).isEqualTo(20_000);
	}

	@Test
	void malformedHeadersAreIgnored() {
		limiter.reserve("default").update("lots", "-", "soon");
		assertThat(limiter.budget("default")).isEmpty();
		assertThat(limiter.reserve("default").delayMillis()).isZero();
	}

	/**
	 * Five requests out at once; their replies come back out of order. Taking each reply's remaining budget at its
	 * word would hand out budget the server has already counted (a reply overtaken by later requests overstates
	 * it), and the requests after that would be refused.
	 */
	@Test
	void requestsInFlightAreTakenOffTheBudgetAReplyAnnounces() {
		answered("create", 10, 6);
		List<RateLimiter.Permit> out = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			RateLimiter.Permit p = limiter.reserve("create");
			assertThat(p.delayMillis()).as("request %d of the burst", i).isZero();
			out.add(p);
		}
		assertThat(limiter.inFlight("create")).isEqualTo(5);
		// The server counted #1 first (5 left) but its reply is the first back; the other four are still out.
		out.get(0).update("10", "5", resetIn(60));
		// It left 5, but four more are on the wire: one left in hand, which stays in reserve, so the next request
		// is paced. (Taking 5 at its word would have sent four more at once into a bucket holding one.)
		RateLimiter.Permit next = limiter.reserve("create");
		assertThat(next.delayMillis()).isEqualTo(6120);
		next.release();

		// #4's reply overtakes #2's and #3's: 2 left after it, with #2, #3, #5 and the paced one still out.
		out.get(3).update("10", "2", resetIn(60));
		// #2's reply arrives late and says 4: older than #4's, it must not raise the budget back.
		out.get(1).update("10", "4", resetIn(60));
		out.get(2).update("10", "3", resetIn(60));
		out.get(4).update("10", "1", resetIn(60));
		assertThat(limiter.inFlight("create")).isZero();
		assertThat(limiter.reserve("create").delayMillis()).as("still paced").isEqualTo(2 * 6120);
	}

	@Test
	void aStaleReplyDoesNotReopenTheBurst() {
		answered("default", 100, 3);
		RateLimiter.Permit a = limiter.reserve("default");
		RateLimiter.Permit b = limiter.reserve("default");
		// b's reply first: the server has none left.
		b.update("100", "0", resetIn(60));
		// a's reply, counted before b, says 1 left: stale.
		a.update("100", "1", resetIn(60));
		assertThat(limiter.reserve("default").delayMillis()).isGreaterThanOrEqualTo(600);
	}

	@Test
	void aPermitReleasedWithoutAReplyStillCounts() {
		answered("default", 100, 3);
		limiter.reserve("default").release();
		limiter.reserve("default").release();
		// 3 announced, 2 used: the last one is the reserve, so the next request is paced.
		assertThat(limiter.reserve("default").delayMillis()).isEqualTo(612);
		assertThat(limiter.inFlight("default")).isEqualTo(1);
	}

	@Test
	void anInterruptedWaitGivesItsPlaceBack() {
		Thread.currentThread().interrupt();
		TimeSource interrupting = new TimeSource() {
			@Override
			public long millis() {
				return time.millis();
			}

			@Override
			public void sleep(long millis) throws InterruptedException {
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
			}
		};
		RateLimiter paced = new RateLimiter(interrupting);
		paced.reserve("create").update("10", "1", resetIn(60));
		try {
			paced.acquire("create");
			throw new AssertionError("not interrupted");
		}
		catch (InterruptedException expected) {
			assertThat(paced.inFlight("create")).isZero();
		}
	}

}
