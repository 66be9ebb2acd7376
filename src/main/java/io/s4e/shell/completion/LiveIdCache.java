package io.s4e.shell.completion;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.s4e.shell.support.Lazy;

/**
 * Asset and scan IDs for TAB, kept fresh in the background (as pgcli's completion refresher does): an entry older
 * than the refresh interval is served as it is while a reload runs, so TAB never waits for the network once
 * something is cached. With nothing cached yet, TAB waits at most the deadline and then offers nothing; the load
 * goes on and the next TAB has it.
 */
public final class LiveIdCache {

	/** What TAB can complete live. */
	public enum Kind {
		ASSETS, SCANS, FINDINGS
	}

	/** One candidate: the ID and what to show beside it. */
	public record IdCandidate(String id, String description) {
	}

	/**
	 * Built on first use (Caffeine's start-up is a few percent of the shell's): a one-shot command or a script
	 * never completes, and then a change has nothing cached to reload.
	 */
	private final Lazy<AsyncLoadingCache<Kind, List<IdCandidate>>> cache;

	private final Duration deadline;

	/**
	 * Reloads asked for after a change come at most once per this interval: a batch creating hundreds of scans
	 * must not spend its request budget reloading TAB's list after each one.
	 */
	static final Duration CHANGE_RELOAD_INTERVAL = Duration.ofSeconds(1);

	private final Executor executor;

	private final Map<Kind, AtomicLong> lastChangeReload = new EnumMap<>(Kind.class);

	private final Map<Kind, AtomicBoolean> changeReloadPending = new EnumMap<>(Kind.class);

	/** How long TAB waits for a load when nothing is cached. */
	public Duration deadline() {
		return deadline;
	}

	public LiveIdCache(Function<Kind, List<IdCandidate>> loader, Duration refreshAfter, Duration deadline) {
		this(loader, refreshAfter, deadline, Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "s4e-completion-refresh");
			t.setDaemon(true);
			return t;
		}));
	}

	public LiveIdCache(Function<Kind, List<IdCandidate>> loader, Duration refreshAfter, Duration deadline,
			Executor executor) {
		this(loader, refreshAfter, deadline, executor, Ticker.systemTicker());
	}

	/** @param ticker the clock that ages entries (a test moves it instead of sleeping) */
	public LiveIdCache(Function<Kind, List<IdCandidate>> loader, Duration refreshAfter, Duration deadline,
			Executor executor, Ticker ticker) {
		this.deadline = deadline;
		this.executor = executor;
		for (Kind kind : Kind.values()) {
			lastChangeReload.put(kind, new AtomicLong(System.nanoTime() - CHANGE_RELOAD_INTERVAL.toNanos()));
			changeReloadPending.put(kind, new AtomicBoolean());
		}
		this.cache = Lazy.of(() -> Caffeine.newBuilder()
			.executor(executor)
			.ticker(ticker)
			.refreshAfterWrite(refreshAfter)
			.expireAfterWrite(refreshAfter.multipliedBy(20))
			.buildAsync((kind, exec) -> CompletableFuture.supplyAsync(() -> loadQuietly(loader, kind), exec)));
	}

	/**
	 * A failed load yields null rather than an exception: Caffeine would log a failed future with its stack trace
	 * on the console, and the prompt must stay clean. Null means "nothing cached", so the next TAB loads again.
	 */
	private static List<IdCandidate> loadQuietly(Function<Kind, List<IdCandidate>> loader, Kind kind) {
		try {
			return loader.apply(kind);
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/** Candidates now: cached (possibly stale) at once, or whatever arrives within the deadline, or none. */
	public List<IdCandidate> candidates(Kind kind) {
		AsyncLoadingCache<Kind, List<IdCandidate>> cache = this.cache.get();
		CompletableFuture<List<IdCandidate>> earlier = cache.getIfPresent(kind);
		if (earlier != null && earlier.isDone() && resultOf(earlier) == null) {
			// An earlier TAB's load failed and Caffeine has not dropped it yet: drop it so this TAB loads afresh.
			cache.asMap().remove(kind, earlier);
		}
		CompletableFuture<List<IdCandidate>> future = cache.get(kind);
		List<IdCandidate> result;
		try {
			result = future.isDone() ? resultOf(future) : future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException e) {
			result = null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return List.of();
		}
		if (result == null) {
			if (future.isDone()) {
				// Drop the failed entry now, so the very next TAB retries instead of seeing it again.
				cache.asMap().remove(kind, future);
			}
			return List.of();
		}
		return result;
	}

	private static List<IdCandidate> resultOf(CompletableFuture<List<IdCandidate>> done) {
		return done.isCompletedExceptionally() ? null : done.join();
	}

	/**
	 * Reloads in the background after a change (a create or cancel), serving the current entry meanwhile. The first
	 * change reloads at once, so the next TAB shows the new scan; further changes within
	 * {@link #CHANGE_RELOAD_INTERVAL} are folded into one reload at the end of it.
	 */
	public void refresh(Kind kind) {
		AsyncLoadingCache<Kind, List<IdCandidate>> cache = this.cache.ifMade();
		if (cache == null) {
			// Nothing was ever completed: the first TAB loads the list fresh.
			return;
		}
		AtomicLong last = lastChangeReload.get(kind);
		long now = System.nanoTime();
		long previous = last.get();
		if (now - previous >= CHANGE_RELOAD_INTERVAL.toNanos() && last.compareAndSet(previous, now)) {
			cache.synchronous().refresh(kind);
			return;
		}
		AtomicBoolean pending = changeReloadPending.get(kind);
		if (pending.compareAndSet(false, true)) {
			long wait = Math.max(0, previous + CHANGE_RELOAD_INTERVAL.toNanos() - now);
			CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, executor).execute(() -> {
				pending.set(false);
				last.set(System.nanoTime());
				cache.synchronous().refresh(kind);
			});
		}
	}

	/** Starts loading everything in the background, e.g. when the prompt first shows. */
	public void warmUp() {
		AsyncLoadingCache<Kind, List<IdCandidate>> cache = this.cache.get();
		for (Kind kind : Kind.values()) {
			cache.get(kind);
		}
	}

	/** Forgets everything, e.g. after switching to another server. */
	public void clear() {
		AsyncLoadingCache<Kind, List<IdCandidate>> cache = this.cache.ifMade();
		if (cache != null) {
			cache.synchronous().invalidateAll();
		}
	}

}
