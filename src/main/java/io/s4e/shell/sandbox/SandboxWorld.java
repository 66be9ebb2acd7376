package io.s4e.shell.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's world (assets, scans, findings) and its scan lifecycle engine.
 * <p>
 * State is a pure function of clock time: {@link #advanceTo(long)} replays, in time order, every step (scan start,
 * finding discovery, completion, failure) due up to the given instant. So it does not matter whether a request, the
 * background ticker or nobody advanced the world in between: the same clock readings give the same scans, findings
 * and IDs. Every method is synchronized on the world; callers render responses inside the same lock so they see
 * one consistent instant.
 */
final class SandboxWorld {

	/** Receives completion and failure events of scans that have a {@code callback_url}. */
	interface CallbackSink {

		void deliver(String url, SandboxEvent event);

	}

	/** Offsets of event IDs after an unclean stop, so no ID handed out before the crash is reused. */
	static final long CRASH_SEQUENCE_GAP = 10_000;

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	final SandboxConfig config;

	final SandboxDialect dialect;

	final long seed;

	private final EventHub events;

	private final CallbackSink callbacks;

	private Runnable mutationListener = () -> {
	};

	private long generation;

	long genesis;

	/** All lifecycle steps due up to this instant have been applied. */
	private long simTime;

	private long nextScanNumber;

	private long nextFindingNumber;

	String token;

	final Map<String, SandboxAsset> assets = new LinkedHashMap<>();

	final Map<String, SandboxScan> scans = new LinkedHashMap<>();

	final Map<String, SandboxFinding> findings = new LinkedHashMap<>();

	private final Map<String, List<SandboxFinding>> findingsByScan = new HashMap<>();

	private final Map<String, List<SandboxFinding>> findingsByAsset = new HashMap<>();

	private final Map<String, SandboxScan> activeByAsset = new HashMap<>();

	private final Map<String, SandboxScan> latestByAsset = new HashMap<>();

	private final List<SandboxScan> queued = new ArrayList<>();

	private final List<SandboxScan> running = new ArrayList<>();

	private SandboxWorld(SandboxConfig config, SandboxDialect dialect, long seed, EventHub events,
			CallbackSink callbacks) {
		this.config = config;
		this.dialect = dialect;
		this.seed = seed;
		this.events = events;
		this.callbacks = callbacks;
	}

	/** A new world seeded from the configuration, created at the clock's current instant. */
	static SandboxWorld fresh(SandboxConfig config, EventHub events, CallbackSink callbacks, String token) {
		SandboxWorld world = new SandboxWorld(config, config.dialect(), config.seed(), events, callbacks);
		long now = config.clock().millis();
		world.genesis = now - Math.floorMod(now, 1000L);
		world.simTime = now;
		world.token = token;
		world.nextScanNumber = SandboxIds.FIRST_CREATED_SCAN;
		world.nextFindingNumber = SandboxIds.FIRST_CREATED_FINDING;
		List<SandboxAsset> assets = SandboxSeed.assets(config.dialect(), config.seed(), world.genesis);
		assets.forEach(a -> world.assets.put(a.id(), a));
		SandboxSeed.History history = SandboxSeed.history(config, assets, world.genesis);
		history.scans().forEach(world::index);
		history.findings().forEach(world::index);
		return world;
	}

	/** A world carried on from persisted state; the state's dialect must match the configuration's. */
	static SandboxWorld restore(SandboxConfig config, EventHub events, CallbackSink callbacks, WorldState state) {
		if (state.format() != WorldState.FORMAT) {
			throw new IllegalStateException("unsupported sandbox state format " + state.format());
		}
		SandboxDialect dialect = SandboxDialect.parse(state.dialect());
		if (dialect != config.dialect()) {
			throw new IllegalStateException("the state was written by a " + dialect.wireName()
					+ "-dialect sandbox; start it with that dialect or use another state file");
		}
		SandboxWorld world = new SandboxWorld(config, dialect, state.seed(), events, callbacks);
		world.genesis = state.genesis();
		world.simTime = state.simTime();
		world.token = state.token();
		world.nextScanNumber = state.nextScanNumber();
		world.nextFindingNumber = state.nextFindingNumber();
		events.resumeAfter(state.eventSequence() + (state.cleanShutdown() ? 0 : CRASH_SEQUENCE_GAP));
		state.assets().forEach(a -> world.assets.put(a.id(), a));
		List<SandboxScan> scans = new ArrayList<>(state.scans());
		scans.sort(Comparator.comparingLong(s -> s.number));
		scans.forEach(world::index);
		state.findings().forEach(world::index);
		return world;
	}

	synchronized WorldState snapshot(boolean cleanShutdown) {
		return new WorldState(WorldState.FORMAT, dialect.wireName(), seed, genesis, simTime, token, nextScanNumber,
				nextFindingNumber, events.lastSequence(), cleanShutdown, new ArrayList<>(assets.values()),
				new ArrayList<>(scans.values()), new ArrayList<>(findings.values()));
	}

	synchronized void onMutation(Runnable listener) {
		this.mutationListener = listener;
	}

	synchronized long generation() {
		return generation;
	}

	private void index(SandboxScan scan) {
		scans.put(scan.id, scan);
		SandboxScan latest = latestByAsset.get(scan.assetId);
		if (latest == null || latest.createdAt <= scan.createdAt) {
			latestByAsset.put(scan.assetId, scan);
		}
		if (SandboxScan.QUEUED.equals(scan.status)) {
			queued.add(scan);
			activeByAsset.put(scan.assetId, scan);
		}
		else if (SandboxScan.RUNNING.equals(scan.status)) {
			running.add(scan);
			activeByAsset.put(scan.assetId, scan);
		}
	}

	private void index(SandboxFinding finding) {
		findings.put(finding.id, finding);
		findingsByScan.computeIfAbsent(finding.scanId, k -> new ArrayList<>()).add(finding);
		findingsByAsset.computeIfAbsent(finding.assetId, k -> new ArrayList<>()).add(finding);
	}

	private void mutated() {
		generation++;
		mutationListener.run();
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Applies every lifecycle step due up to {@code now}, in time order. A clock that went backwards changes
	 * nothing: the world never un-happens.
	 */
	synchronized void advanceTo(long now) {
		boolean changed = false;
		while (true) {
			SandboxScan stepScan = null;
			long stepAt = Long.MAX_VALUE;
			for (SandboxScan scan : running) {
				long at = scan.nextStepAt();
				if (at < stepAt || (at == stepAt && scan.number < stepScan.number)) {
					stepScan = scan;
					stepAt = at;
				}
			}
			long startAt = Long.MAX_VALUE;
			if (running.size() < config.concurrencyLimit() && !queued.isEmpty()) {
				long earliest = Long.MAX_VALUE;
				for (SandboxScan scan : queued) {
					earliest = Math.min(earliest, scan.eligibleAt);
				}
				startAt = Math.max(earliest, simTime);
			}
			// At equal times finish first, so the freed slot is available to the start.
			if (stepScan != null && stepAt <= startAt && stepAt <= now) {
				simTime = Math.max(simTime, stepAt);
				step(stepScan, stepAt);
				changed = true;
			}
			else if (startAt <= now) {
				simTime = Math.max(simTime, startAt);
				startNext(startAt);
				changed = true;
			}
			else {
				break;
			}
		}
		simTime = Math.max(simTime, now);
		if (changed) {
			mutated();
		}
	}

	private void step(SandboxScan scan, long at) {
		if (scan.nextStepIsDiscovery()) {
			ScanPlan.PlannedFinding planned = scan.plan.findings().get(scan.discovered);
			scan.discovered++;
			SandboxFinding finding = new SandboxFinding();
			finding.number = nextFindingNumber++;
			finding.id = SandboxIds.finding(dialect, seed, finding.number);
			finding.templateId = planned.templateId();
			finding.scanId = scan.id;
			finding.assetId = scan.assetId;
			finding.status = "open";
			finding.discoveredAt = at;
			finding.updatedAt = at;
			index(finding);
			SandboxAsset asset = assets.get(scan.assetId);
			FindingTemplate template = finding.template();
			ObjectNode data = JSON.objectNode();
			data.put("finding_id", finding.id);
			data.put("scan_id", scan.id);
			data.put("title", template.title());
			data.put("severity", template.severity());
			data.put("cvss", template.cvss());
			data.putObject("asset").put("id", asset.id()).put("name", asset.name());
			events.publish("finding.new", at, data, scan.assetId);
			return;
		}
		running.remove(scan);
		activeByAsset.remove(scan.assetId);
		scan.endedAt = at;
		ObjectNode data = JSON.objectNode();
		data.put("scan_id", scan.id);
		data.put("asset_id", scan.assetId);
		SandboxEvent event;
		if (scan.plan.fails()) {
			scan.status = SandboxScan.FAILED;
			scan.endProgress = (int) Math.min(99, scan.plan.failAtMillis() * 100 / scan.plan.durationMillis());
			scan.endPhase = scan.plan.phaseAt(scan.plan.failAtMillis() - 1);
			scan.error = scan.plan.failError();
			data.put("status", SandboxScan.FAILED);
			data.put("error", scan.error);
			event = events.publish("scan.failed", at, data, scan.assetId);
		}
		else {
			scan.status = SandboxScan.COMPLETED;
			scan.endProgress = 100;
			data.put("status", SandboxScan.COMPLETED);
			data.put("finding_count", scan.discovered);
			data.put("duration", durationSeconds(scan));
			event = events.publish("scan.completed", at, data, scan.assetId);
		}
		if (scan.callbackUrl != null) {
			callbacks.deliver(scan.callbackUrl, event);
		}
	}

	private void startNext(long at) {
		SandboxScan next = null;
		for (SandboxScan scan : queued) {
			if (scan.eligibleAt <= at && (next == null || scan.priorityRank() < next.priorityRank()
					|| (scan.priorityRank() == next.priorityRank() && scan.number < next.number))) {
				next = scan;
			}
		}
		queued.remove(next);
		running.add(next);
		next.status = SandboxScan.RUNNING;
		next.startedAt = at;
		next.reportedProgress = 0;
		next.reportedPhase = next.plan.phaseAt(0);
		events.publish("scan.progress", at, progressData(next, at), next.assetId);
	}

	/** Publishes {@code scan.progress} for each running scan whose progress or phase moved since the last one. */
	synchronized void reportProgress(long now) {
		advanceTo(now);
		boolean published = false;
		for (SandboxScan scan : running) {
			int progress = scan.progressAt(now);
			String phase = scan.phaseAt(now);
			if (progress != scan.reportedProgress || !phase.equals(scan.reportedPhase)) {
				scan.reportedProgress = progress;
				scan.reportedPhase = phase;
				events.publish("scan.progress", now, progressData(scan, now), scan.assetId);
				published = true;
			}
		}
		if (published) {
			mutated();
		}
	}

	private ObjectNode progressData(SandboxScan scan, long now) {
		ObjectNode data = JSON.objectNode();
		data.put("scan_id", scan.id);
		data.put("progress", scan.progressAt(now));
		data.put("phase", scan.phaseAt(now));
		data.put("status", scan.status);
		data.put("eta_seconds", etaSeconds(scan, now));
		return data;
	}

	// ---------------------------------------------------------------- mutations

	/** A validated create request. */
	record CreateScan(String assetId, String scanType, String priority, Map<String, Object> options,
			String callbackUrl, List<String> categories, Long timeoutMillis) {
	}

	synchronized SandboxScan create(CreateScan request, long now) {
		advanceTo(now);
		SandboxAsset asset = assets.get(request.assetId());
		if (asset == null) {
			throw ApiError.notFound("asset", request.assetId());
		}
		if (!asset.scannable()) {
			String why = "pending_verification".equals(asset.status())
					? "is pending verification; verify ownership before scanning it"
					: "is inactive; reactivate it before scanning";
			throw ApiError.invalid("asset_id", "Asset " + asset.id() + " (" + asset.name() + ") " + why + ".")
				.with("asset_status", asset.status());
		}
		SandboxScan active = activeByAsset.get(asset.id());
		if (active != null) {
			ApiError conflict = new ApiError(409, "scan_in_progress",
					"A scan is already " + active.status + " for asset " + asset.id() + ": " + active.id + ".")
				.with("scan_id", active.id)
				.with("scan_status", active.status);
			conflict.topLevel.put("scan_id", active.id);
			throw conflict;
		}
		SandboxScan scan = new SandboxScan();
		scan.number = nextScanNumber++;
		scan.id = SandboxIds.scan(dialect, seed, scan.number);
		scan.assetId = asset.id();
		scan.scanType = request.scanType();
		scan.priority = request.priority();
		scan.options = request.options();
		scan.callbackUrl = request.callbackUrl();
		scan.createdAt = now;
		scan.eligibleAt = now + config.queueDelayMillis();
		scan.status = SandboxScan.QUEUED;
		scan.plan = ScanPlanner.plan(seed, scan.number, asset, request.scanType(),
				config.scanDurationMillis(request.scanType()), request.categories(), request.timeoutMillis());
		index(scan);
		ObjectNode data = JSON.objectNode();
		data.put("scan_id", scan.id);
		data.put("asset_id", scan.assetId);
		data.put("scan_type", scan.scanType);
		data.put("priority", scan.priority);
		events.publish("scan.created", now, data, scan.assetId);
		mutated();
		advanceTo(now);
		return scan;
	}

	synchronized SandboxScan cancel(String scanId, long now) {
		advanceTo(now);
		SandboxScan scan = scans.get(scanId);
		if (scan == null) {
			throw ApiError.notFound("scan", scanId);
		}
		if (scan.terminal()) {
			throw new ApiError(409, "scan_not_cancellable",
					"Scan " + scan.id + " is " + scan.status + "; only queued or running scans can be cancelled.")
				.with("scan_id", scan.id)
				.with("scan_status", scan.status);
		}
		if (SandboxScan.RUNNING.equals(scan.status)) {
			scan.endProgress = scan.progressAt(now);
			scan.endPhase = scan.phaseAt(now);
			running.remove(scan);
		}
		else {
			scan.endProgress = 0;
			queued.remove(scan);
		}
		activeByAsset.remove(scan.assetId);
		scan.status = SandboxScan.CANCELLED;
		scan.endedAt = now;
		ObjectNode data = JSON.objectNode();
		data.put("scan_id", scan.id);
		data.put("asset_id", scan.assetId);
		data.put("status", SandboxScan.CANCELLED);
		data.put("finding_count", scan.discovered);
		events.publish("scan.cancelled", now, data, scan.assetId);
		mutated();
		// The freed slot goes to the next queued scan right away.
		advanceTo(now);
		return scan;
	}

	synchronized SandboxFinding updateFinding(String findingId, String status, String note, long now) {
		advanceTo(now);
		SandboxFinding finding = findings.get(findingId);
		if (finding == null) {
			throw ApiError.notFound("finding", findingId);
		}
		String old = finding.status;
		finding.status = status;
		if (note != null) {
			finding.note = note;
		}
		finding.updatedAt = now;
		if (!old.equals(status)) {
			ObjectNode data = JSON.objectNode();
			data.put("finding_id", finding.id);
			data.put("scan_id", finding.scanId);
			data.put("old_status", old);
			data.put("new_status", status);
			events.publish("finding.status_changed", now, data, finding.assetId);
		}
		mutated();
		return finding;
	}

	// ---------------------------------------------------------------- queries (call with the lock held)

	List<SandboxFinding> findingsOfScan(String scanId) {
		return findingsByScan.getOrDefault(scanId, List.of());
	}

	List<SandboxFinding> findingsOfAsset(String assetId) {
		return findingsByAsset.getOrDefault(assetId, List.of());
	}

	SandboxScan latestScanOf(String assetId) {
		return latestByAsset.get(assetId);
	}

	List<SandboxScan> runningScans() {
		return List.copyOf(running);
	}

	List<SandboxScan> queuedScans() {
		return List.copyOf(queued);
	}

	static Long durationSeconds(SandboxScan scan) {
		if (scan.startedAt == null || scan.endedAt == null) {
			return null;
		}
		return Math.round((scan.endedAt - scan.startedAt) / 1000.0);
	}

	/**
	 * Seconds until the scan should finish: the remaining run time, or for a queued scan the expected wait for a
	 * slot (given what runs and what is ahead of it in the queue) plus its run time.
	 */
	long etaSeconds(SandboxScan scan, long now) {
		return switch (scan.status) {
			case SandboxScan.RUNNING -> ceilSeconds(scan.startedAt + scan.plan.durationMillis() - now);
			case SandboxScan.QUEUED -> ceilSeconds(expectedStart(scan, now) + scan.plan.durationMillis() - now);
			default -> 0;
		};
	}

	private long expectedStart(SandboxScan target, long now) {
		PriorityQueue<Long> slots = new PriorityQueue<>();
		for (SandboxScan scan : running) {
			slots.add(Math.max(now, scan.startedAt + scan.plan.durationMillis()));
		}
		while (slots.size() < config.concurrencyLimit()) {
			slots.add(now);
		}
		List<SandboxScan> order = new ArrayList<>(queued);
		order.sort(Comparator.comparingInt(SandboxScan::priorityRank).thenComparingLong(s -> s.number));
		for (SandboxScan scan : order) {
			long start = Math.max(Math.max(slots.poll(), scan.eligibleAt), now);
			if (scan == target) {
				return start;
			}
			slots.add(start + scan.plan.durationMillis());
		}
		return Math.max(now, target.eligibleAt);
	}

	private static long ceilSeconds(long millis) {
		return millis <= 0 ? 0 : (millis + 999) / 1000;
	}

}
