package io.s4e.shell.watch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.EventStream;
import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.RateLimiter;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.TimeSource;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.api.model.ServerEvent;
import io.s4e.shell.api.model.Severity;

/**
 * Follows any number of scans until each has ended.
 * <p>
 * When the server offers the event stream, one connection carries every scan's progress, phases, findings and end,
 * and nothing is polled; the stream reconnects with {@code Last-Event-ID} by itself. When the stream is refused or
 * keeps dropping, the watch polls instead: never a scan more than once a second, the whole watch within a share
 * of the rate limit the server announces (so the refresh slows as scans are added), slower again after a 429,
 * and never a scan that has ended. Each scan's details are read when it is added and once more when it ends, for
 * exact finding counts; while polling also when its phase moves, so counts keep up.
 * <p>
 * All waiting goes through the {@link TimeSource}, so tests drive it with a virtual clock. The watch works on its
 * own thread; {@link #snapshot()} and {@link #awaitDone(long)} may be called from any thread.
 */
public final class ScanWatch implements AutoCloseable {

	public enum Source {

		EVENT_STREAM("event stream"), POLLING("polling");

		private final String label;

		Source(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

	}

	/** What the watch cost, for the report at the end and for tests. */
	public record Stats(long statusPolls, long detailReads, long listReads, long rateLimited, long retried,
			long streamConnects) {
	}

	/** An event with the order in which it arrived, to tell what a details read already included. */
	private record Arrival(long sequence, ServerEvent event) {
	}

	private static final Arrival GIVE_UP = new Arrival(-1, new ServerEvent(null, "watch.give-up", Map.of()));

	/** The longest the watch thread waits before looking at new work again. */
	private static final long TICK_MILLIS = 250;

	/** Announced remaining requests at or below which the watch halves its pace. */
	static final int NEARLY_OUT = 2;

	/** With the event stream up, a scan unheard of for this long is read once. */
	static final long STREAM_QUIET_MILLIS = 300_000;

	/** When every request has failed for this long, the watch ends with the last error. */
	static final long FAIL_AFTER_MILLIS = 120_000;

	private final S4eClient client;

	private final TimeSource time;

	private final WatchOptions options;

	private final ScanDiscovery discovery;

	private final WatchListener listener;

	private final PollBudget budget = new PollBudget();

	private final Object lock = new Object();

	/** Guarded by {@link #lock}, in the order the scans were added. */
	private final Map<String, WatchedScan> scans = new LinkedHashMap<>();

	/** Ended scans whose final details are still to be read; guarded by {@link #lock}. */
	private final Set<String> unsettled = new LinkedHashSet<>();

	/** Scans the server no longer knows; guarded by {@link #lock}. */
	private final Set<String> lost = new HashSet<>();

	private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();

	private final LinkedBlockingQueue<Arrival> events = new LinkedBlockingQueue<>();

	private final AtomicLong arrivals = new AtomicLong();

	/** Per scan: the arrival count when its details were last read; events up to it are already included. */
	private final Map<String, Long> readAtArrival = new HashMap<>();

	/** Per scan followed over the stream: the findings already counted, so a late or repeated event counts once. */
	private final Map<String, Set<String>> knownFindings = new ConcurrentHashMap<>();

	private final Map<String, Integer> pollCounts = new ConcurrentHashMap<>();

	private final Map<String, Long> nextPollAt = new ConcurrentHashMap<>();

	private final Map<String, Long> retrySettleAt = new ConcurrentHashMap<>();

	/** Per scan, when each status poll was sent (watch clock), for tests. */
	private final Map<String, List<Long>> pollTimes = Collections.synchronizedMap(new LinkedHashMap<>());

	/** When each request of this watch was sent (watch clock), for tests. */
	private final List<Long> requestTimes = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong statusPolls = new AtomicLong();

	private final AtomicLong detailReads = new AtomicLong();

	private final AtomicLong listReads = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private volatile Source source;

	private volatile boolean closed;

	private volatile boolean loaded;

	private volatile RuntimeException failure;

	private volatile String giveUpReason;

	private volatile EventStream stream;

	private Thread worker;

	private long lastRequestMillis = Long.MIN_VALUE / 4;

	private long requestsAfterLast;

	private long blockedUntilMillis;

	private volatile long lastSuccessMillis;

	private ScanWatch(S4eClient client, TimeSource time, WatchOptions options, ScanDiscovery discovery,
			WatchListener listener) {
		this.client = client;
		this.time = time;
		this.options = options;
		this.discovery = discovery;
		this.listener = listener == null ? WatchListener.NONE : listener;
	}

	/**
	 * Starts following {@code ids} (and, with a discovery, every active scan it names). Reads each scan once before
	 * returning, so an unknown ID fails here, as the API's one-line error.
	 */
	public static ScanWatch start(S4eClient client, TimeSource time, WatchOptions options, Collection<String> ids,
			ScanDiscovery discovery, WatchListener listener) {
		ScanWatch watch = new ScanWatch(client, time, options, discovery, listener);
		try {
			watch.begin(ids);
		}
		catch (RuntimeException e) {
			watch.close();
			throw e;
		}
		return watch;
	}

	private void begin(Collection<String> ids) {
		lastSuccessMillis = time.millis();
		if (options.useEventStream()) {
			openStream();
		}
		if (source == null) {
			source = Source.POLLING;
		}
		for (String id : new LinkedHashSet<>(ids)) {
			readDetails(id);
		}
		if (discovery != null) {
			adoptDiscovered(discoverActive());
		}
		loaded = true;
		worker = new Thread(this::run, "s4e-watch");
		worker.setDaemon(true);
		worker.start();
	}

	// ---------------------------------------------------------------- what callers see

	/** Every watched scan as last seen, in the order they were added. */
	public List<WatchedScan> snapshot() {
		synchronized (lock) {
			return List.copyOf(scans.values());
		}
	}

	public Source source() {
		return source;
	}

	public Stats stats() {
		return new Stats(statusPolls.get(), detailReads.get(), listReads.get(), rateLimited.get(), retried.get(),
				stream == null ? 0 : stream.connects());
	}

	/** When each request of this watch was sent, by the watch clock. */
	public List<Long> requestTimes() {
		synchronized (requestTimes) {
			return List.copyOf(requestTimes);
		}
	}

	/** When each status poll of one scan was sent, by the watch clock. */
	public List<Long> pollTimes(String scanId) {
		List<Long> times = pollTimes.get(scanId);
		if (times == null) {
			return List.of();
		}
		synchronized (pollTimes) {
			return List.copyOf(times);
		}
	}

	/** Follows one more scan (from any thread). */
	public void add(String scanId) {
		pending.add(scanId);
		signal();
	}

	/** Takes in a reply got elsewhere, e.g. the answer to a cancel. */
	public void offer(Scan scan) {
		merge(scan.id(), scan, false);
	}

	/** Whether every watched scan has ended and its final counts are in. */
	public boolean isDone() {
		if (!loaded || !pending.isEmpty()) {
			return false;
		}
		synchronized (lock) {
			if (!unsettled.isEmpty()) {
				return false;
			}
			for (WatchedScan s : scans.values()) {
				if (!s.isTerminal() && !lost.contains(s.id())) {
					return false;
				}
			}
			return true;
		}
	}

	/** Whether the watch has stopped for good: done, failed or closed. */
	public boolean isStopped() {
		return isDone() || failure != null || closed;
	}

	/** The error that ended the watch, if one did. */
	public RuntimeException failure() {
		return failure;
	}

	/**
	 * Waits until every scan has ended or {@code deadlineMillis} (watch clock) has passed.
	 * @return true when done, false at the deadline or when closed
	 * @throws RuntimeException the error that ended the watch
	 */
	public boolean awaitDone(long deadlineMillis) throws InterruptedException {
		synchronized (lock) {
			while (true) {
				if (failure != null) {
					throw failure;
				}
				if (isDone()) {
					return true;
				}
				if (closed || time.millis() >= deadlineMillis) {
					return false;
				}
				lock.wait(100);
			}
		}
	}

	@Override
	public void close() {
		closed = true;
		closeStream();
		Thread w = worker;
		if (w != null && w != Thread.currentThread()) {
			w.interrupt();
		}
		signal();
	}

	// ---------------------------------------------------------------- the watch thread

	private void run() {
		try {
			if (source == Source.EVENT_STREAM) {
				followStream();
			}
			if (!closed && !isDone()) {
				source = Source.POLLING;
				followByPolling();
			}
		}
		catch (WatchInterrupted e) {
			// closed
		}
		catch (RuntimeException e) {
			if (!closed) {
				failure = e;
			}
		}
		finally {
			closeStream();
			signal();
		}
	}

	private void openStream() {
		CountDownLatch opened = new CountDownLatch(1);
		EventStream s = EventStream.open(client, EventStream.Filter.all(), new EventStream.Listener() {
			@Override
			public void onEvent(ServerEvent event) {
				events.add(new Arrival(arrivals.incrementAndGet(), event));
			}

			@Override
			public void onOpen() {
				opened.countDown();
			}

			@Override
			public void onGiveUp(String reason) {
				giveUpReason = reason;
				events.add(GIVE_UP);
				opened.countDown();
			}
		}, options.streamRetry());
		stream = s;
		boolean open;
		try {
			open = opened.await(options.streamOpenTimeout().toMillis(), TimeUnit.MILLISECONDS)
					&& giveUpReason == null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new WatchInterrupted();
		}
		if (open) {
			source = Source.EVENT_STREAM;
			return;
		}
		String why = giveUpReason != null ? giveUpReason
				: "it did not open within " + options.streamOpenTimeout().toSeconds() + " s";
		closeStream();
		events.clear();
		listener.onNotice("No event stream (" + why + "): polling within the rate limit instead.");
	}

	private void followStream() {
		while (!closed) {
			drainPending();
			settle();
			if (isDone()) {
				return;
			}
			Arrival next;
			try {
				next = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException e) {
				throw new WatchInterrupted();
			}
			if (next == GIVE_UP) {
				closeStream();
				listener.onNotice("The event stream is gone (" + giveUpReason + "): polling within the rate limit instead.");
				return;
			}
			if (next != null) {
				apply(next);
			}
			refreshQuiet();
		}
	}

	/**
	 * A scan the stream has said nothing about for {@link #STREAM_QUIET_MILLIS} is read once, in case the server
	 * does not publish everything; a healthy stream never triggers it.
	 */
	private void refreshQuiet() {
		long now = time.millis();
		for (WatchedScan s : snapshot()) {
			if (!s.isTerminal() && now - s.observedMillis() >= STREAM_QUIET_MILLIS && !lostOrUnsettled(s.id())) {
				readDetailsQuietly(s.id());
			}
		}
	}

	private boolean lostOrUnsettled(String id) {
		synchronized (lock) {
			return lost.contains(id) || unsettled.contains(id);
		}
	}

	private void followByPolling() {
		long nextDiscovery = discovery == null ? Long.MAX_VALUE
				: time.millis() + options.discoveryInterval().toMillis();
		while (!closed) {
			drainPending();
			settle();
			if (isDone()) {
				return;
			}
			long now = time.millis();
			if (now >= nextDiscovery) {
				adoptDiscovered(discoverActive());
				long spacing = spacing();
				nextDiscovery = time.millis() + Math.max(options.discoveryInterval().toMillis(), 10 * spacing);
				continue;
			}
			String next = null;
			long nextAt = Long.MAX_VALUE;
			for (String id : activeIds()) {
				long due = nextPollAt.getOrDefault(id, now);
				if (due < nextAt) {
					next = id;
					nextAt = due;
				}
			}
			long wakeAt = Math.min(nextAt == Long.MAX_VALUE ? now + TICK_MILLIS : nextAt, nextDiscovery);
			if (!sleepUntil(wakeAt) || next == null || time.millis() < nextAt) {
				continue;
			}
			poll(next);
		}
	}

	private void poll(String id) {
		WatchedScan before = get(id);
		int polls = pollCounts.merge(id, 1, Integer::sum);
		try {
			Scan status = request(() -> client.getScanStatus(id), true);
			statusPolls.incrementAndGet();
			pollTimes.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
				.add(lastRequestMillis);
			WatchedScan after = merge(id, status, false);
			boolean moved = before == null || !Objects.equals(before.scan().status(), after.scan().status())
					|| !Objects.equals(before.scan().currentPhase(), after.scan().currentPhase());
			if (moved && !after.isTerminal()) {
				readDetailsQuietly(id);
			}
			nextPollAt.put(id, time.millis() + PollBudget.intervalMillis(options.pace(), polls, activeIds().size(),
					spacing()));
		}
		catch (ApiException.NotFound e) {
			markLost(id, e.getMessage());
		}
		catch (ApiException e) {
			problem(id, e);
			long interval = PollBudget.intervalMillis(options.pace(), polls, activeIds().size(), spacing());
			nextPollAt.put(id, time.millis() + Math.min(60_000, 2 * interval));
		}
	}

	/** Reads the final details of ended scans (exact finding counts). */
	private void settle() {
		List<String> ids;
		synchronized (lock) {
			ids = new ArrayList<>(unsettled);
		}
		for (String id : ids) {
			if (closed) {
				return;
			}
			if (retrySettleAt.getOrDefault(id, Long.MIN_VALUE) > time.millis()) {
				continue;
			}
			try {
				readDetails(id);
				synchronized (lock) {
					unsettled.remove(id);
				}
				signal();
			}
			catch (ApiException.NotFound e) {
				markLost(id, e.getMessage());
			}
			catch (ApiException e) {
				problem(id, e);
				retrySettleAt.put(id, time.millis() + 5000);
			}
		}
	}

	private void drainPending() {
		String id;
		while ((id = pending.poll()) != null) {
			if (get(id) != null) {
				continue;
			}
			try {
				readDetails(id);
			}
			catch (ApiException.NotFound e) {
				listener.onNotice("Scan " + id + " was not found; not watching it.");
			}
			catch (ApiException e) {
				checkDeadline(e);
				listener.onNotice("Cannot read scan " + id + " (" + e.getMessage() + "); trying again.");
				pending.add(id);
				sleepUntilOrInterrupted(time.millis() + 5000);
				return;
			}
		}
	}

	private void readDetails(String id) {
		boolean first = get(id) == null;
		Scan details = request(() -> client.getScan(id), false);
		detailReads.incrementAndGet();
		if (first && source == Source.EVENT_STREAM && !details.isTerminal() && details.findingSummary() != null
				&& details.findingSummary().total() > 0) {
			details = withKnownFindings(id, details);
		}
		synchronized (lock) {
			readAtArrival.put(id, arrivals.get());
		}
		merge(id, details, true);
	}

	/**
	 * A running scan joined over the stream already has findings: read which, so that the events about them (which
	 * may still be on the way) are not counted twice. Their severities give the counts, as of this read.
	 */
	private Scan withKnownFindings(String id, Scan details) {
		Set<String> known = ConcurrentHashMap.newKeySet();
		FindingSummary counted = FindingSummary.EMPTY;
		try {
			long before = client.requests().total();
			List<Finding> findings = client.allScanResults(id, FindingQuery.all()).toList();
			detailReads.addAndGet(Math.max(1, client.requests().total() - before));
			for (Finding f : findings) {
				known.add(f.id());
				Severity sev = Severity.parse(f.severity()).orElse(null);
				if (sev != null) {
					counted = counted.plus(sev);
				}
			}
		}
		catch (ApiException e) {
			// Without the list, the details' counts stand and events may count a finding twice until the end.
			return details;
		}
		knownFindings.put(id, known);
		return copy(details, details.status(), details.progress(), details.currentPhase(), details.etaSeconds(),
				counted, details.error());
	}

	private void readDetailsQuietly(String id) {
		try {
			readDetails(id);
		}
		catch (ApiException e) {
			problem(id, e);
		}
	}

	private List<Scan> discoverActive() {
		long before = client.requests().total();
		try {
			List<Scan> found = discovery.activeScans();
			listReads.addAndGet(Math.max(1, client.requests().total() - before));
			lastSuccessMillis = time.millis();
			return found;
		}
		catch (ApiException e) {
			checkDeadline(e);
			listener.onNotice("Cannot list scans (" + e.getMessage() + "); trying again.");
			return List.of();
		}
		finally {
			noteRequest(client.requests().total());
		}
	}

	private void adoptDiscovered(List<Scan> found) {
		for (Scan scan : found) {
			if (scan.id() != null && get(scan.id()) == null && ScanState.isActive(scan.status())) {
				synchronized (lock) {
					readAtArrival.put(scan.id(), arrivals.get());
				}
				merge(scan.id(), scan, true);
			}
		}
	}

	// ---------------------------------------------------------------- events

	private void apply(Arrival arrival) {
		ServerEvent e = arrival.event();
		String type = e.event();
		if (type == null) {
			return;
		}
		switch (type) {
			case "scan.created" -> {
				String id = e.string("scan_id");
				if (discovery != null && id != null && get(id) == null
						&& discovery.matches(e.string("asset_id"), e.string("scan_type"))) {
					pending.add(id);
				}
			}
			case "scan.progress" -> {
				String id = e.string("scan_id");
				if (get(id) != null && !readSince(id, arrival)) {
					String status = e.string("status");
					merge(id, partial(id, status == null ? ScanState.RUNNING : status, e.integer("progress"),
							firstNonNull(e.string("phase"), e.string("current_phase")), longOrNull(e, "eta_seconds"),
							null, null), false);
				}
			}
			case "scan.completed", "scan.failed", "scan.cancelled", "scan.canceled" -> {
				String id = e.string("scan_id");
				if (get(id) != null) {
					String status = type.equals("scan.completed") ? ScanState.COMPLETED
							: type.equals("scan.failed") ? ScanState.FAILED : ScanState.CANCELLED;
					merge(id, partial(id, status, status.equals(ScanState.COMPLETED) ? 100 : null, null, 0L, null,
							e.string("error")), false);
				}
			}
			case "finding.new" -> countFinding(arrival);
			default -> {
				// heartbeats and events about other things
			}
		}
	}

	private void countFinding(Arrival arrival) {
		ServerEvent e = arrival.event();
		Severity severity = Severity.parse(e.string("severity")).orElse(null);
		if (severity == null) {
			return;
		}
		String id = e.string("scan_id");
		if (id == null) {
			// The documented event names only the asset: it belongs to that asset's running scan.
			Object asset = e.data().get("asset");
			String assetId = asset instanceof Map<?, ?> m && m.get("id") != null ? String.valueOf(m.get("id"))
					: e.string("asset_id");
			id = activeScanOn(assetId);
		}
		if (id == null) {
			return;
		}
		WatchedScan current = get(id);
		if (current == null) {
			return;
		}
		String findingId = e.string("finding_id");
		Set<String> known = knownFindings.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
		if (findingId != null ? !known.add(findingId) : readSince(id, arrival)) {
			return;
		}
		merge(id, partial(id, null, null, null, null, current.findings().plus(severity), null), false);
	}

	/** Whether the scan's details were read after this event arrived (so they include it). */
	private boolean readSince(String id, Arrival arrival) {
		synchronized (lock) {
			Long readAt = readAtArrival.get(id);
			return readAt != null && arrival.sequence() <= readAt;
		}
	}

	private String activeScanOn(String assetId) {
		if (assetId == null) {
			return null;
		}
		synchronized (lock) {
			for (WatchedScan s : scans.values()) {
				if (assetId.equals(s.scan().assetId()) && !s.isTerminal()) {
					return s.id();
				}
			}
		}
		return null;
	}

	// ---------------------------------------------------------------- state

	/**
	 * Folds a reply into what is known. An ended scan stays ended whatever a late reply says, and progress does not
	 * run backwards within one state. Tells the listener what changed.
	 */
	private WatchedScan merge(String id, Scan incoming, boolean authoritative) {
		long now = time.millis();
		WatchedScan before;
		WatchedScan after;
		synchronized (lock) {
			before = scans.get(id);
			Scan old = before == null ? null : before.scan();
			Scan next = withId(incoming, id).mergedOver(old);
			if (old != null && old.isTerminal() && !next.isTerminal()) {
				next = copy(next, old.status(), old.progress(), old.currentPhase(), next.etaSeconds(),
						next.findingSummary(), old.error());
			}
			if (old != null && Objects.equals(old.status(), next.status()) && old.progress() != null
					&& next.progress() != null && next.progress() < old.progress()) {
				// A late reply from before: neither progress nor phase goes back.
				next = copy(next, next.status(), old.progress(), old.currentPhase(), old.etaSeconds(),
						next.findingSummary(), next.error());
			}
			after = before == null ? new WatchedScan(next, now, null, null, now, null).with(next, now)
					: before.with(next, now);
			scans.put(id, after);
			if (after.isTerminal() && (before == null || !before.isTerminal()) && !authoritative) {
				unsettled.add(id);
			}
			lost.remove(id);
		}
		lastSuccessMillis = now;
		if (before == null) {
			nextPollAt.putIfAbsent(id, now + Pace.FLOOR_MILLIS);
		}
		WatchChange.Kind kind = changeKind(before, after);
		if (kind != null) {
			listener.onChange(new WatchChange(kind, after, before));
		}
		signal();
		return after;
	}

	private static WatchChange.Kind changeKind(WatchedScan before, WatchedScan after) {
		if (before == null) {
			return WatchChange.Kind.ADDED;
		}
		Scan a = before.scan();
		Scan b = after.scan();
		if (!Objects.equals(a.status(), b.status())) {
			return WatchChange.Kind.STATUS;
		}
		if (!Objects.equals(a.currentPhase(), b.currentPhase())) {
			return WatchChange.Kind.PHASE;
		}
		if (!Objects.equals(before.findings(), after.findings())) {
			return WatchChange.Kind.FINDINGS;
		}
		if (!Objects.equals(a.progress(), b.progress())) {
			return WatchChange.Kind.PROGRESS;
		}
		return null;
	}

	private void problem(String id, ApiException e) {
		checkDeadline(e);
		WatchedScan updated;
		synchronized (lock) {
			WatchedScan current = scans.get(id);
			if (current == null) {
				return;
			}
			updated = current.withProblem(e.getMessage());
			scans.put(id, updated);
		}
		listener.onChange(new WatchChange(WatchChange.Kind.PROBLEM, updated, null));
		signal();
	}

	private void markLost(String id, String message) {
		WatchedScan updated;
		synchronized (lock) {
			WatchedScan current = scans.get(id);
			lost.add(id);
			unsettled.remove(id);
			if (current == null) {
				return;
			}
			updated = current.withProblem(message);
			scans.put(id, updated);
		}
		listener.onChange(new WatchChange(WatchChange.Kind.PROBLEM, updated, null));
		signal();
	}

	/** Every request failing for {@link #FAIL_AFTER_MILLIS} ends the watch with the last error. */
	private void checkDeadline(ApiException e) {
		if (time.millis() - lastSuccessMillis >= FAIL_AFTER_MILLIS) {
			throw e;
		}
	}

	private WatchedScan get(String id) {
		if (id == null) {
			return null;
		}
		synchronized (lock) {
			return scans.get(id);
		}
	}

	private List<String> activeIds() {
		synchronized (lock) {
			List<String> ids = new ArrayList<>();
			for (WatchedScan s : scans.values()) {
				if (!s.isTerminal() && !lost.contains(s.id())) {
					ids.add(s.id());
				}
			}
			return ids;
		}
	}

	private void signal() {
		synchronized (lock) {
			lock.notifyAll();
		}
	}

	// ---------------------------------------------------------------- pacing

	/**
	 * Sends one request of the watch. While polling, it waits for the watch's next slot first: the spacing the
	 * budget allows, pushed back by whatever else the client sent meanwhile, and by a 429's Retry-After.
	 */
	private <T> T request(Supplier<T> call, boolean poll) {
		if (source == Source.POLLING && loaded) {
			long slot = nextSlot();
			sleepUntilOrInterrupted(slot);
		}
		long before = client.requests().total();
		long now = time.millis();
		try {
			T result = call.get();
			lastSuccessMillis = time.millis();
			return result;
		}
		catch (ApiException.RateLimited e) {
			rateLimited.incrementAndGet();
			budget.penalise(now);
			blockedUntilMillis = Math.max(blockedUntilMillis,
					time.millis() + Math.max(1, e.retryAfterSeconds()) * 1000);
			throw e;
		}
		finally {
			long after = client.requests().total();
			if (after - before > 1) {
				// The client retried (a 429 or a server error it rode out): ease off.
				retried.incrementAndGet();
				budget.penalise(now);
			}
			// When it came back: the client may have held it for its own pacing, and the server counted it then.
			long sent = time.millis();
			lastRequestMillis = sent;
			requestTimes.add(sent);
			noteRequest(after);
			if (closed) {
				throw new WatchInterrupted();
			}
		}
	}

	private void noteRequest(long totalAfter) {
		requestsAfterLast = totalAfter;
	}

	private long nextSlot() {
		long spacing = spacing();
		long others = Math.max(0, client.requests().total() - requestsAfterLast);
		// Near the end of the announced budget, leave the refill to whoever else needs it.
		boolean nearlyOut = client.rateLimiter()
			.budget(S4eClient.DEFAULT_BUCKET)
			.map(b -> b.remaining() <= NEARLY_OUT)
			.orElse(false);
		long slot = lastRequestMillis + spacing * (1 + others) * (nearlyOut ? 2 : 1);
		return Math.max(slot, blockedUntilMillis);
	}

	private long spacing() {
		Integer limit = client.rateLimiter()
			.budget(S4eClient.DEFAULT_BUCKET)
			.map(RateLimiter.Budget::limit)
			.orElse(null);
		return budget.spacingMillis(limit, time.millis());
	}

	/** Sleeps until {@code at}, waking early for new work; false when woken early. */
	private boolean sleepUntil(long at) {
		while (!closed) {
			long left = at - time.millis();
			if (left <= 0) {
				return true;
			}
			if (!pending.isEmpty()) {
				return false;
			}
			if (settleDue()) {
				return false;
			}
			sleep(Math.min(left, TICK_MILLIS));
		}
		throw new WatchInterrupted();
	}

	private boolean settleDue() {
		long now = time.millis();
		synchronized (lock) {
			for (String id : unsettled) {
				if (retrySettleAt.getOrDefault(id, Long.MIN_VALUE) <= now) {
					return true;
				}
			}
			return false;
		}
	}

	private void sleepUntilOrInterrupted(long at) {
		while (!closed) {
			long left = at - time.millis();
			if (left <= 0) {
				return;
			}
			sleep(Math.min(left, TICK_MILLIS));
		}
		throw new WatchInterrupted();
	}

	private void sleep(long millis) {
		try {
			time.sleep(millis);
		}
		catch (InterruptedException e) {
			throw new WatchInterrupted();
		}
	}

	private void closeStream() {
		EventStream s = stream;
		if (s != null) {
			s.close();
		}
	}

	// ---------------------------------------------------------------- helpers

	/** Ends the watch thread when the watch is closed. */
	private static final class WatchInterrupted extends RuntimeException {

		WatchInterrupted() {
			super(null, null, false, false);
		}

	}

	private static Scan partial(String id, String status, Integer progress, String phase, Long eta,
			FindingSummary findings, String error) {
		return new Scan(id, null, null, null, status, null, progress, phase, eta, findings, null, null, null, null,
				null, null, error, null, null, null);
	}

	private static Scan withId(Scan scan, String id) {
		return scan.id() != null ? scan
				: copy(scan, scan.status(), scan.progress(), scan.currentPhase(), scan.etaSeconds(),
						scan.findingSummary(), scan.error(), id);
	}

	private static Scan copy(Scan s, String status, Integer progress, String phase, Long eta,
			FindingSummary findings, String error) {
		return copy(s, status, progress, phase, eta, findings, error, s.id());
	}

	private static Scan copy(Scan s, String status, Integer progress, String phase, Long eta,
			FindingSummary findings, String error, String id) {
		return new Scan(id, s.assetId(), s.assetName(), s.scanType(), status, s.priority(), progress, phase, eta,
				findings, s.createdAt(), s.startedAt(), s.completedAt(), s.durationSeconds(),
				s.estimatedDurationSeconds(), s.message(), error, s.options(), s.callbackUrl(), s.extra());
	}

	private static Long longOrNull(ServerEvent e, String key) {
		Object v = e.data().get(key);
		if (v instanceof Number n) {
			return n.longValue();
		}
		return null;
	}

	private static String firstNonNull(String a, String b) {
		return a != null ? a : b;
	}

	@Override
	public String toString() {
		return "ScanWatch[" + source + ", " + snapshot().size() + " scans]";
	}

}
