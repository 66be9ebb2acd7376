package io.s4e.shell.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;

/**
 * {@code scan watch --all}: the queued and running scans that match the session's filters and current asset, as
 * {@code scan list} would show them.
 */
final class FilteredDiscovery implements ScanDiscovery {

	private final ScanService scans;

	private final SessionService session;

	FilteredDiscovery(ScanService scans, SessionService session) {
		this.scans = scans;
		this.session = session;
	}

	@Override
	public List<Scan> activeScans() {
		List<Scan> found = new ArrayList<>();
		for (String status : List.of(ScanState.RUNNING, ScanState.QUEUED)) {
			try (Stream<Scan> rows = scans.list(Map.of("status", status), true).rows()) {
				rows.forEach(found::add);
			}
		}
		return found;
	}

	@Override
	public boolean matches(String assetId, String scanType) {
		Map<String, Object> applied = applied();
		Object asset = applied.get("asset_id");
		Object type = applied.get("scan_type");
		return (asset == null || asset.toString().equals(assetId)) && (type == null || type.toString().equals(scanType));
	}

	/** What the filters add, for the note shown when the watch starts; null when nothing. */
	String note() {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("status", "queued/running");
		return session.describeApplied("scan", given, applied());
	}

	private Map<String, Object> applied() {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("status", ScanState.RUNNING);
		return session.applyFilters("scan", given, ScanQuery.KEYS);
	}

}
