package io.s4e.shell.playbook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.api.model.Severity;
import io.s4e.shell.api.model.Vocabulary;
import io.s4e.shell.service.Listing;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.watch.WaitResult;
import io.s4e.shell.watch.WatchChange;
import io.s4e.shell.watch.WatchListener;
import io.s4e.shell.watch.WatchOptions;

/**
 * The {@code s4e} object of a playbook: assets, scans and findings through the shell's services, so the playbook
 * shares the session and every scan it creates is in the session journal (origin {@code playbook:NAME}) before
 * the call returns. Lists are plain Groovy collections; {@code assets(...)} fetches pages as it is iterated.
 */
public final class S4eDsl extends DslObject {

	/** How long {@code await} and {@code awaitAll} wait when no timeout is given. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

	static final int DEFAULT_CONCURRENCY = 5;

	static final int MAX_CONCURRENCY = 50;

	/** From this many scans to wait for, those already ended are read from the scan list. */
	static final int BULK_READ_FROM = 10;

	/** How long an interrupted {@code scanAll} lets creates already on the wire finish. */
	private static final long STOP_GRACE_MILLIS = 400;

	/** Retries of one create answered 429 (which creates nothing) inside {@code scanAll}. */
	private static final int CREATE_RETRIES = 3;

	private final PlaybookServices services;

	private final PlaybookConsole console;

	private final String origin;

	S4eDsl(PlaybookServices services, PlaybookConsole console, String origin) {
		this.services = services;
		this.console = console;
		this.origin = origin;
	}

	@Override
	protected String dslName() {
		return "s4e";
	}

	PlaybookServices services() {
		return services;
	}

	/** What the shell talks to, e.g. {@code sandbox} or a profile name. */
	public String getTarget() {
		return services.target();
	}

	// ---- assets

	public LazyPages<Asset> assets() {
		return assets(Map.of());
	}

	/** Assets matching {@code type:}, {@code tag:}, {@code status:}, {@code search:}; pages fetched as iterated. */
	public LazyPages<Asset> assets(Map<String, ?> filters) {
		Map<String, Object> given = filters(filters, "assets", Map.of());
		return new LazyPages<>(() -> rows(services.assets().list(given, true)));
	}

	public Asset asset(Object id) {
		return services.assets().show(DslArgs.assetId(id));
	}

	// ---- scans

	/** {@code s4e.scan(asset, 'full', priority: 'high', options: [max_depth: 5])}. */
	public ScanHandle scan(Map<String, ?> options, Object asset, String type) {
		Map<String, Object> o = DslArgs.only(options, "scan", "priority", "options", "callback_url");
		ScanRequest request = request(type, o);
		ScanService.Created created = createShielded(DslArgs.assetId(asset), request);
		if (created.adopted()) {
			console.err().println("warning: a scan was already " + created.scan().status() + " on "
					+ created.scan().assetId() + ": using " + created.scan().id() + ".");
			console.err().flush();
		}
		return new ScanHandle(this, created.scan(), created.adopted());
	}

	public ScanHandle scan(Object asset, String type) {
		return scan(Map.of(), asset, type);
	}

	/** A handle of an existing scan, e.g. one from {@code session.lastScan}. */
	public ScanHandle handle(Object scanId) {
		String id = scanId instanceof Scan s ? s.id() : scanId instanceof ScanHandle h ? h.getId()
				: String.valueOf(scanId);
		return new ScanHandle(this, services.scans().show(id), false);
	}

	public ScanBatch scanAll(Object assets, String type) {
		return scanAll(Map.of(), assets, type);
	}

	/**
	 * Creates a scan of each asset, {@code concurrency:} at a time (default 5), paced by the client's rate
	 * limiter. A scan already running on an asset is adopted. An asset the server refuses (inactive, unknown) is
	 * reported and skipped; an error that would fail every create (auth, network) stops the batch, keeping the
	 * scans created so far in the session journal.
	 */
	public ScanBatch scanAll(Map<String, ?> options, Object assets, String type) {
		Map<String, Object> o = DslArgs.only(options, "scanAll", "concurrency", "priority", "options", "progress");
		ScanRequest request = request(type, o);
		int concurrency = Math.min(MAX_CONCURRENCY, DslArgs.positive(o.get("concurrency"), "concurrency",
				DEFAULT_CONCURRENCY));
		List<Object> targets = list(assets);
		ScanHandle[] handles = new ScanHandle[targets.size()];
		List<Map<String, String>> failures = new ArrayList<>();
		AtomicInteger throttled = new AtomicInteger();
		BatchProgress progress = Boolean.FALSE.equals(o.get("progress")) || targets.isEmpty() ? null
				: new BatchProgress(console, services.time(), "scanAll " + type, targets.size());
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, targets.size())),
				r -> {
					Thread t = new Thread(r, "s4e-playbook-scan");
					t.setDaemon(true);
					return t;
				});
		Tally tally = new Tally();
		java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
		try {
			// The first create goes alone: its reply tells the rate limiter the create budget, so the concurrent
			// ones that follow are paced from the start instead of bursting past a small limit.
			ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
			if (!targets.isEmpty()) {
				// On a worker too: the playbook's thread, which Ctrl-C interrupts, never holds a create.
				done.submit(() -> createOne(0, targets.get(0), request, throttled, stopping));
				tally.record(result(done), handles, failures, progress);
			}
			for (int i = 1; i < targets.size(); i++) {
				int index = i;
				done.submit(() -> stopping.get() ? null
						: createOne(index, targets.get(index), request, throttled, stopping));
			}
			for (int i = 1; i < targets.size(); i++) {
				tally.record(result(done), handles, failures, progress);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new PlaybookException.Interrupted("Interrupted while creating scans; the "
					+ (tally.created + tally.adopted) + " created so far keep running (`session show` lists them).");
		}
		finally {
			stopping.set(true);
			stop(pool);
		}
		int created = tally.created;
		int adopted = tally.adopted;
		List<ScanHandle> list = Arrays.stream(handles).filter(java.util.Objects::nonNull).toList();
		ScanBatch batch = new ScanBatch(list, created, adopted, failures, throttled.get());
		if (progress != null) {
			progress.finish(batch.summary());
		}
		return batch;
	}

	private record Outcome(int index, String assetId, ScanHandle handle, String error) {
	}

	/**
	 * A worker's failure as thrown on the playbook's thread: the worker's frames, then the caller's, so the error
	 * names the playbook line that made the call.
	 */
	private static RuntimeException onCallersStack(Throwable failure) {
		RuntimeException e = failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
		StackTraceElement[] worker = e.getStackTrace();
		StackTraceElement[] caller = new Throwable().getStackTrace();
		StackTraceElement[] both = Arrays.copyOf(worker, worker.length + caller.length);
		System.arraycopy(caller, 0, both, worker.length, caller.length);
		e.setStackTrace(both);
		return e;
	}

	private static Outcome result(ExecutorCompletionService<Outcome> done) throws InterruptedException {
		try {
			return done.take().get();
		}
		catch (java.util.concurrent.ExecutionException e) {
			throw onCallersStack(e.getCause());
		}
	}

	/**
	 * Stops a batch's workers without losing a scan: a create already sent is let finish, so its scan is journaled
	 * (interrupting it could drop the answer, or the journal write, of a scan the server made); after a short grace
	 * the rest are interrupted, which stops those still waiting for a rate-limit slot before they send anything.
	 */
	private static void stop(ExecutorService pool) {
		pool.shutdown();
		boolean interrupted = Thread.interrupted();
		try {
			if (!pool.awaitTermination(STOP_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
				pool.shutdownNow();
			}
		}
		catch (InterruptedException e) {
			pool.shutdownNow();
			interrupted = true;
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/** Counts of a {@code scanAll} so far, updated on the calling thread only. */
	private final class Tally {

		int created;

		int adopted;

		int finished;

		void record(Outcome outcome, ScanHandle[] handles, List<Map<String, String>> failures,
				BatchProgress progress) {
			if (outcome == null) {
				return;
			}
			finished++;
			if (outcome.handle() != null) {
				handles[outcome.index()] = outcome.handle();
				if (outcome.handle().isAdopted()) {
					adopted++;
				}
				else {
					created++;
				}
			}
			else {
				failures.add(Map.of("asset", outcome.assetId(), "error", outcome.error()));
				console.err().println("warning: skipped " + outcome.assetId() + ": " + outcome.error());
				console.err().flush();
			}
			if (progress != null) {
				progress.update(finished, created + " created, " + adopted + " adopted"
						+ (failures.isEmpty() ? "" : ", " + failures.size() + " skipped"));
			}
		}

	}

	private Outcome createOne(int index, Object target, ScanRequest request, AtomicInteger throttled,
			java.util.concurrent.atomic.AtomicBoolean stopping) {
		try {
			return createOne(index, target, request, throttled);
		}
		catch (RuntimeException e) {
			if (stopping.get() && Thread.interrupted()) {
				// Stopped mid-create: the server may have made the scan while its answer, or the journal entry,
				// was cut off. The scan now active on the asset is that one (or one that was already running,
				// which a create would have adopted): journal it, so nothing is lost.
				recoverInterruptedCreate(DslArgs.assetId(target));
				return null;
			}
			throw e;
		}
	}

	private void recoverInterruptedCreate(String assetId) {
		try {
			Map<String, Object> filter = new LinkedHashMap<>();
			filter.put("asset_id", assetId);
			try (Stream<Scan> rows = services.scans().list(filter, false).rows()) {
				rows.filter(s -> ScanState.isActive(s.status()))
					.findFirst()
					.filter(s -> services.session().state().recentScans().stream()
						.noneMatch(r -> r.scanId().equals(s.id())))
					.ifPresent(s -> services.session().recordCreated(s, origin));
			}
		}
		catch (RuntimeException e) {
			// Best effort after Ctrl-C: the server's scan list still shows the scan.
		}
	}

	private Outcome createOne(int index, Object target, ScanRequest request, AtomicInteger throttled) {
		String assetId;
		try {
			assetId = DslArgs.assetId(target);
		}
		catch (UsageException e) {
			return new Outcome(index, String.valueOf(target), null, e.getMessage());
		}
		for (int attempt = 0;; attempt++) {
			try {
				ScanService.Created c = create(assetId, request);
				return new Outcome(index, assetId, new ScanHandle(this, c.scan(), c.adopted()), null);
			}
			catch (ApiException.RateLimited e) {
				// A 429 creates nothing, so the create is safe to send again once the server allows it.
				throttled.incrementAndGet();
				if (attempt >= CREATE_RETRIES) {
					throw e;
				}
				try {
					services.time().sleep(Math.max(1, e.retryAfterSeconds()) * 1000);
				}
				catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					throw new PlaybookException.Interrupted("Interrupted while waiting to create a scan.");
				}
			}
			catch (ApiException.BadRequest | ApiException.NotFound | ApiException.Conflict e) {
				return new Outcome(index, assetId, null, e.getMessage());
			}
			catch (UsageException e) {
				return new Outcome(index, assetId, null, e.getMessage());
			}
		}
	}

	public List<Scan> awaitAll(Object handles) {
		return awaitAll(Map.of(), handles);
	}

	/**
	 * Waits for every scan to end, with a live progress line; {@code timeout:} (default 1 hour) fails the
	 * playbook (exit 4) when scans are still running then. Returns each scan's final state, in order. The waiting
	 * is the shell's watch engine: the event stream when the server offers it (no polling at all), else polling
	 * within the rate limit the server announces.
	 */
	public List<Scan> awaitAll(Map<String, ?> options, Object handles) {
		Map<String, Object> o = DslArgs.only(options, "awaitAll", "timeout", "progress");
		Duration timeout = DslArgs.duration(o.getOrDefault("timeout", DEFAULT_TIMEOUT), "timeout");
		List<ScanHandle> list = new ArrayList<>();
		for (Object item : list(handles)) {
			list.add(item instanceof ScanHandle h ? h : item instanceof Scan s ? new ScanHandle(this, s, false)
					: handle(item));
		}
		Map<String, ScanHandle> byId = new LinkedHashMap<>();
		list.forEach(h -> byId.putIfAbsent(h.getId(), h));
		BatchProgress progress = Boolean.FALSE.equals(o.get("progress")) || byId.isEmpty() ? null
				: new BatchProgress(console, services.time(), "awaitAll", byId.size());
		Map<String, Scan> states = new java.util.concurrent.ConcurrentHashMap<>();
		readEndedInBulk(byId.values());
		byId.forEach((id, h) -> states.put(id, h.getScan()));
		if (progress != null) {
			progress.update((int) states.values().stream().filter(Scan::isTerminal).count(), summary(states.values()));
		}
		List<String> active = byId.keySet().stream().filter(id -> !states.get(id).isTerminal()).toList();
		if (!active.isEmpty()) {
			WaitResult result = watch(active, timeout, scan -> {
				ScanHandle h = byId.get(scan.id());
				if (h == null) {
					return;
				}
				h.seen(scan);
				states.put(scan.id(), h.getScan());
				if (progress != null) {
					int finished = (int) states.values().stream().filter(Scan::isTerminal).count();
					progress.update(finished, summary(states.values()));
				}
			});
			for (Scan scan : result.scans()) {
				ScanHandle h = byId.get(scan.id());
				if (h != null) {
					h.seen(scan);
					states.put(scan.id(), h.getScan());
				}
			}
		}
		List<Scan> finals = byId.values().stream().map(ScanHandle::getScan).toList();
		if (progress != null) {
			progress.finish(summary(finals));
		}
		List<String> unfinished = finals.stream().filter(s -> !s.isTerminal()).map(Scan::id).toList();
		if (!unfinished.isEmpty()) {
			throw new PlaybookException.WaitTimedOut(unfinished.size() + " of " + finals.size()
					+ " scans still running after " + human(timeout) + " (" + String.join(", ",
							unfinished.subList(0, Math.min(5, unfinished.size())))
					+ (unfinished.size() > 5 ? ", ..." : "") + "); they keep running. Give a longer timeout: "
					+ "awaitAll(handles, timeout: '2h').");
		}
		return new ArrayList<>(list.stream().map(ScanHandle::getScan).toList());
	}

	/**
	 * Many scans to wait for (a batch just created): those that have already ended are read from the scan list,
	 * a hundred a request, instead of one read each when the watch starts. Only ended scans whose finding counts
	 * the list gives are taken; the watch follows the rest. Best effort: a failed read leaves it all to the watch.
	 */
	private void readEndedInBulk(java.util.Collection<ScanHandle> handles) {
		Map<String, ScanHandle> open = new LinkedHashMap<>();
		String from = null;
		for (ScanHandle h : handles) {
			Scan scan = h.getScan();
			if (!scan.isTerminal()) {
				open.put(h.getId(), h);
				String created = scan.createdAt();
				if (created == null) {
					return;
				}
				from = from == null || created.compareTo(from) < 0 ? created : from;
			}
		}
		if (open.size() < BULK_READ_FROM) {
			return;
		}
		Map<String, Object> filter = new LinkedHashMap<>();
		filter.put("status", String.join(",", ScanState.COMPLETED, ScanState.FAILED, ScanState.CANCELLED));
		filter.put("from", from);
		filter.put("sort_by", "created_at");
		filter.put("sort_order", "asc");
		filter.put("per_page", 100);
		// Other scans created meanwhile share the window: read a bounded number of pages beyond the batch's own.
		long budget = (open.size() / 100 + 2) * 100L;
		try (Stream<Scan> rows = services.scans().list(filter, true).rows()) {
			java.util.Iterator<Scan> it = rows.limit(budget).iterator();
			int found = 0;
			while (it.hasNext() && found < open.size()) {
				Scan scan = it.next();
				ScanHandle h = open.get(scan.id());
				if (h != null && scan.isTerminal() && scan.findingSummary() != null) {
					h.seen(scan);
					found++;
				}
			}
		}
		catch (ApiException e) {
			// The watch reads each scan itself.
		}
	}

	/**
	 * Follows {@code ids} with the watch engine until each has ended or the time is up, telling {@code seen} of
	 * every change (on the watch's thread). Ctrl-C, which interrupts the playbook's thread, stops the wait.
	 */
	private WaitResult watch(List<String> ids, Duration timeout, java.util.function.Consumer<Scan> seen) {
		WatchListener listener = new WatchListener() {
			@Override
			public void onChange(WatchChange change) {
				seen.accept(change.scan().scan());
			}

			@Override
			public void onNotice(String message) {
				console.err().println("note: " + message);
				console.err().flush();
			}
		};
		try {
			return services.waiter().awaitAll(ids, timeout, WatchOptions.unattended(), listener);
		}
		catch (RuntimeException e) {
			if (Thread.currentThread().isInterrupted()) {
				// The flag stays set: the playbook's own code stops at its next check too.
				throw new PlaybookException.Interrupted("Interrupted while waiting for " + ids.size() + " scan"
						+ (ids.size() == 1 ? "" : "s") + "; they keep running (`session show` lists them).");
			}
			throw e;
		}
	}

	/** Scans matching the documented filters: {@code status:}, {@code asset:}, {@code type:}, {@code from:}, ... */
	public List<Scan> scans(Map<String, ?> filters) {
		Map<String, Object> given = filters(filters, "scans", Map.of("asset", "asset_id", "type", "scan_type"));
		return new ArrayList<>(rows(services.scans().list(given, true)).toList());
	}

	public List<Scan> scans() {
		return scans(Map.of());
	}

	// ---- findings

	/**
	 * Findings matching the documented filters: {@code severity:} (one or a list), {@code status:},
	 * {@code asset:}, {@code scan:}, {@code cvss_min:}, {@code cvss_max:}, {@code search:}, {@code sort_by:}.
	 */
	public List<Finding> findings(Map<String, ?> filters) {
		Map<String, Object> given = filters(filters, "findings", Map.of("asset", "asset_id", "scan", "scan_id"));
		if (given.containsKey("severity")) {
			given.put("severity", DslArgs.severities(given.get("severity")));
		}
		return new ArrayList<>(rows(services.findings().list(given, true)).toList());
	}

	public List<Finding> findings() {
		return findings(Map.of());
	}

	public Finding finding(Object id) {
		return services.findings().show(id instanceof Finding f ? f.id() : String.valueOf(id));
	}

	/** Sets the status of one finding or each of a list: {@code triage(fs, 'false_positive', note: 'WAF')}. */
	public List<Finding> triage(Map<String, ?> options, Object findings, String status) {
		Map<String, Object> o = DslArgs.only(options, "triage", "note");
		String note = o.get("note") == null ? null : String.valueOf(o.get("note"));
		List<Finding> updated = new ArrayList<>();
		for (Object item : list(findings)) {
			String id = item instanceof Finding f ? f.id() : String.valueOf(item);
			updated.add(services.findings().triage(id, status, note));
		}
		return updated;
	}

	public List<Finding> triage(Object findings, String status) {
		return triage(Map.of(), findings, status);
	}

	/** The severities at or above one, most severe first: {@code atLeast('high')} is {@code ['critical','high']}. */
	public List<String> atLeast(Object severity) {
		Severity floor = DslArgs.severity(severity);
		return new ArrayList<>(Arrays.stream(Severity.values()).filter(s -> s.atLeast(floor)).map(Severity::wire).toList());
	}

	// ---- plumbing

	private record ScanRequest(String type, String priority, Map<String, Object> options, String callbackUrl) {
	}

	private ScanRequest request(String type, Map<String, Object> o) {
		if (type == null || type.isBlank()) {
			throw new UsageException("A scan needs a type, e.g. 'quick' or 'full'. Types: "
					+ String.join(", ", Vocabulary.SCAN_TYPES) + ".");
		}
		String priority = o.get("priority") == null ? null : String.valueOf(o.get("priority")).toLowerCase(Locale.ROOT);
		if (priority != null && !Vocabulary.PRIORITIES.contains(priority)) {
			throw new UsageException("Unknown priority '" + priority + "'. Use low, normal or high.");
		}
		return new ScanRequest(type.trim(), priority, DslArgs.map(o.get("options"), "options"),
				o.get("callback_url") == null ? null : String.valueOf(o.get("callback_url")));
	}

	/**
	 * Creates on a worker thread while the playbook's thread waits, so Ctrl-C (which interrupts the playbook's
	 * thread) cannot cut a create off between the server making the scan and the journal recording it.
	 */
	private ScanService.Created createShielded(String assetId, ScanRequest r) {
		ExecutorService one = Executors.newSingleThreadExecutor(t -> {
			Thread thread = new Thread(t, "s4e-playbook-create");
			thread.setDaemon(true);
			return thread;
		});
		try {
			return one.submit(() -> create(assetId, r)).get();
		}
		catch (java.util.concurrent.ExecutionException e) {
			throw onCallersStack(e.getCause());
		}
		catch (InterruptedException e) {
			stop(one);
			Thread.currentThread().interrupt();
			throw new PlaybookException.Interrupted("Interrupted while creating a scan of " + assetId
					+ "; if it was created, `session show` lists it.");
		}
		finally {
			one.shutdown();
		}
	}

	private ScanService.Created create(String assetId, ScanRequest r) {
		return services.scans().create(assetId, r.type(), r.priority(), r.options(), r.callbackUrl(), origin);
	}

	private <T> Stream<T> rows(Listing<T> listing) {
		if (listing.note() != null) {
			console.err().println(listing.note());
			console.err().flush();
		}
		return listing.rows();
	}

	/** Named filters with the DSL's short names mapped to the API's ({@code asset:} to {@code asset_id}). */
	private static Map<String, Object> filters(Map<String, ?> given, String call, Map<String, String> aliases) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (given == null) {
			return out;
		}
		given.forEach((k, v) -> {
			String key = String.valueOf(k).trim().replace('-', '_');
			Object value = DslArgs.plain(v);
			if (value instanceof Asset a) {
				value = a.id();
			}
			else if (value instanceof ScanHandle h) {
				value = h.getId();
			}
			else if (value instanceof Scan s) {
				value = s.id();
			}
			if (value != null) {
				out.put(aliases.getOrDefault(key, key), value);
			}
		});
		return out;
	}

	/** A single item, an array, an iterable or an iterator as a list. */
	private static List<Object> list(Object items) {
		List<Object> out = new ArrayList<>();
		if (items == null) {
			return out;
		}
		if (items instanceof Iterable<?> it) {
			it.forEach(out::add);
		}
		else if (items instanceof java.util.Iterator<?> it) {
			it.forEachRemaining(out::add);
		}
		else if (items instanceof Object[] array) {
			out.addAll(Arrays.asList(array));
		}
		else {
			out.add(items);
		}
		return out;
	}

	static String summary(java.util.Collection<Scan> scans) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String state : List.of(ScanState.COMPLETED, ScanState.FAILED, ScanState.CANCELLED, ScanState.RUNNING,
				ScanState.QUEUED)) {
			counts.put(state, 0);
		}
		for (Scan s : scans) {
			counts.merge(s.status() == null ? "unknown" : s.status(), 1, Integer::sum);
		}
		StringBuilder b = new StringBuilder();
		counts.forEach((state, n) -> {
			if (n > 0 || state.equals(ScanState.COMPLETED)) {
				b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(state);
			}
		});
		return b.toString();
	}

	static String human(Duration d) {
		long s = d.toSeconds();
		return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
	}

	@Override
	public String toString() {
		return "s4e[target=" + services.target() + "]";
	}

}
