package io.s4e.shell.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a session remembers, per profile: the last scan, the current asset, saved filters, and the journal of
 * scans created from this shell or its playbooks (newest first). Never a secret.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionState(@JsonProperty("profile") String profile, @JsonProperty("last_scan_id") String lastScanId,
		@JsonProperty("current_asset_id") String currentAssetId, @JsonProperty("filters") Map<String, String> filters,
		@JsonProperty("recent_scans") List<RecentScan> recentScans, @JsonProperty("updated_at") String updatedAt) {

	/** How many created scans the journal keeps. */
	public static final int MAX_RECENT = 500;

	/** One scan created from this shell; {@code origin} is {@code shell} or {@code playbook:NAME}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record RecentScan(@JsonProperty("scan_id") String scanId, @JsonProperty("asset_id") String assetId,
			@JsonProperty("scan_type") String scanType, @JsonProperty("created_at") String createdAt,
			@JsonProperty("origin") String origin) {
	}

	public SessionState {
		// A hand-edited or foreign file may hold nulls: entries without a scan ID or value are dropped, not fatal.
		Map<String, String> kept = new LinkedHashMap<>();
		if (filters != null) {
			filters.forEach((k, v) -> {
				if (k != null && v != null) {
					kept.put(k, v);
				}
			});
		}
		filters = Collections.unmodifiableMap(kept);
		recentScans = recentScans == null ? List.of()
				: recentScans.stream().filter(r -> r != null && r.scanId() != null).toList();
	}

	public static SessionState empty(String profile) {
		return new SessionState(profile, null, null, Map.of(), List.of(), null);
	}

	public SessionState withLastScanId(String id) {
		return new SessionState(profile, id, currentAssetId, filters, recentScans, updatedAt);
	}

	public SessionState withCurrentAssetId(String id) {
		return new SessionState(profile, lastScanId, id, filters, recentScans, updatedAt);
	}

	public SessionState withFilters(Map<String, String> newFilters) {
		return new SessionState(profile, lastScanId, currentAssetId, newFilters, recentScans, updatedAt);
	}

	public SessionState withUpdatedAt(String time) {
		return new SessionState(profile, lastScanId, currentAssetId, filters, recentScans, time);
	}

	/** Puts the scan first in the journal (replacing an older entry of the same ID). */
	public SessionState withRecentScan(RecentScan scan) {
		List<RecentScan> list = new ArrayList<>(recentScans.size() + 1);
		list.add(scan);
		for (RecentScan r : recentScans) {
			if (!r.scanId().equals(scan.scanId()) && list.size() < MAX_RECENT) {
				list.add(r);
			}
		}
		return new SessionState(profile, lastScanId, currentAssetId, filters, list, updatedAt);
	}

	/**
	 * Combines this state (ours, just changed) with what another process wrote meanwhile: the journals are merged
	 * by scan ID, newest first, so no created scan is lost; for single values ours wins.
	 */
	public SessionState mergedWith(SessionState onDisk) {
		if (onDisk == null) {
			return this;
		}
		Set<String> seen = new LinkedHashSet<>();
		List<RecentScan> all = new ArrayList<>();
		for (RecentScan r : recentScans) {
			if (seen.add(r.scanId())) {
				all.add(r);
			}
		}
		for (RecentScan r : onDisk.recentScans) {
			if (seen.add(r.scanId())) {
				all.add(r);
			}
		}
		all.sort((a, b) -> String.valueOf(b.createdAt()).compareTo(String.valueOf(a.createdAt())));
		List<RecentScan> capped = all.size() > MAX_RECENT ? all.subList(0, MAX_RECENT) : all;
		return new SessionState(profile, lastScanId, currentAssetId, filters, capped, updatedAt);
	}

}
