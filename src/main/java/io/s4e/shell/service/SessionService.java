package io.s4e.shell.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/**
 * The session as commands and playbooks use it: the last scan (what an omitted ID or {@code last} means), the
 * current asset (the default {@code --asset}), saved filters (defaults for list commands), and the journal of
 * scans created here. Every change is on disk before the call returns.
 */
public class SessionService {

	public static final String LAST = "last";

	private final Function<String, SessionStore> storeOf;

	private final Supplier<String> target;

	private final Map<String, SessionStore> stores = new ConcurrentHashMap<>();

	/** One session for the whole life of the service (embedding, tests). */
	public SessionService(SessionStore store) {
		this(name -> store, () -> "");
	}

	/**
	 * A session per target: {@code profile use} switches to that profile's session (its last scan, asset and
	 * filters), and switching back finds the first one as it was left.
	 */
	public SessionService(Function<String, SessionStore> storeOf, Supplier<String> target) {
		this.storeOf = storeOf;
		this.target = target;
	}

	/** The store of the current target. */
	public SessionStore store() {
		return stores.computeIfAbsent(target.get(), storeOf);
	}

	public SessionState state() {
		return store().current();
	}

	/** {@code null}, empty or {@code last} mean the last scan of this session. */
	public String resolveScanId(String idOrLast) {
		if (idOrLast != null && !idOrLast.isBlank() && !idOrLast.trim().equals(LAST)) {
			return idOrLast.trim();
		}
		String last = state().lastScanId();
		if (last == null) {
			throw new UsageException(
					"No scan in this session yet: give a scan ID (TAB lists them) or create one with `scan create`.");
		}
		return last;
	}

	public void lookedAt(String scanId) {
		if (!scanId.equals(state().lastScanId())) {
			store().update(s -> s.withLastScanId(scanId));
		}
	}

	public void recordCreated(Scan scan, String origin) {
		store().update(s -> s.withRecentScan(new SessionState.RecentScan(scan.id(), scan.assetId(), scan.scanType(),
				scan.createdAt() != null ? scan.createdAt() : Instant.now().toString(), origin))
			.withLastScanId(scan.id()));
	}

	public String currentAsset() {
		return state().currentAssetId();
	}

	public void useAsset(String assetId) {
		store().update(s -> s.withCurrentAssetId(assetId));
	}

	public Map<String, String> filters() {
		return state().filters();
	}

	/** Adds or replaces saved filters; a {@code noun.} prefix (scan., asset., finding.) limits one to that list. */
	public void setFilters(Map<String, String> filters) {
		store().update(s -> {
			Map<String, String> merged = new LinkedHashMap<>(s.filters());
			merged.putAll(filters);
			return s.withFilters(merged);
		});
	}

	public void clearFilters(List<String> keys) {
		store().update(s -> {
			if (keys == null || keys.isEmpty()) {
				return s.withFilters(Map.of());
			}
			Map<String, String> kept = new LinkedHashMap<>(s.filters());
			keys.forEach(kept::remove);
			return s.withFilters(kept);
		});
	}

	/**
	 * The command's own filters, completed by the saved ones that this list accepts (and by the current asset
	 * where the list filters by asset). What the command gave always wins.
	 */
	public Map<String, Object> applyFilters(String noun, Map<String, Object> given, Set<String> accepted) {
		Map<String, Object> applied = new LinkedHashMap<>();
		for (Map.Entry<String, String> f : filters().entrySet()) {
			String key = f.getKey();
			String bare = key.startsWith(noun + ".") ? key.substring(noun.length() + 1) : key;
			if (bare.contains(".")) {
				continue;
			}
			String wire = bare.equals("asset") ? "asset_id" : bare.equals("type") && noun.equals("scan") ? "scan_type"
					: bare;
			if (accepted.contains(wire) && (key.startsWith(noun + ".") || !applied.containsKey(wire))) {
				applied.put(wire, f.getValue());
			}
		}
		String asset = currentAsset();
		if (asset != null && accepted.contains("asset_id") && !applied.containsKey("asset_id")) {
			applied.put("asset_id", asset);
		}
		given.forEach((k, v) -> {
			if (v != null) {
				applied.put(k, v);
			}
		});
		return applied;
	}

	/** The note shown when session defaults changed a list, e.g. {@code filters applied: status=running}. */
	public String describeApplied(String noun, Map<String, Object> given, Map<String, Object> applied) {
		StringJoiner j = new StringJoiner(", ");
		new TreeMap<>(applied).forEach((k, v) -> {
			if (!given.containsKey(k) || given.get(k) == null) {
				j.add(k + "=" + v);
			}
		});
		return j.length() == 0 ? null : "session filters applied: " + j + " (`filter clear` removes them)";
	}

	/** A warning from loading the session (e.g. a corrupt file set aside), once, or null. */
	public String loadWarning() {
		return store().loadWarning();
	}

}
