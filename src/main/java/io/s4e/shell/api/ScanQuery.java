package io.s4e.shell.api;

import java.util.Map;
import java.util.Set;

/** Filters of {@code GET /api/scans}. Null fields are not sent. */
public record ScanQuery(String status, String assetId, String scanType, String from, String to, Integer page,
		Integer perPage, String sortBy, String sortOrder) {

	public static final Set<String> KEYS = Set.of("status", "asset_id", "scan_type", "from", "to", "page", "per_page",
			"sort_by", "sort_order");

	public ScanQuery {
		QueryParams.perPage(perPage);
	}

	public static ScanQuery all() {
		return new ScanQuery(null, null, null, null, null, null, null, null, null);
	}

	/** From key=value filters (session filters, playbook named arguments). */
	public static ScanQuery fromMap(Map<String, ?> filters) {
		Map<String, Object> f = QueryParams.normalise(filters, KEYS, "scan");
		return new ScanQuery(QueryParams.string(f.get("status")), QueryParams.string(f.get("asset_id")),
				QueryParams.string(f.get("scan_type")), QueryParams.string(f.get("from")),
				QueryParams.string(f.get("to")), QueryParams.integer(f.get("page"), "page"),
				QueryParams.integer(f.get("per_page"), "per_page"), QueryParams.string(f.get("sort_by")),
				QueryParams.string(f.get("sort_order")));
	}

	public ScanQuery withPage(int newPage, Integer newPerPage) {
		return new ScanQuery(status, assetId, scanType, from, to, newPage, newPerPage, sortBy, sortOrder);
	}

	public Map<String, String> params() {
		return new QueryParams().put("status", status)
			.put("asset_id", assetId)
			.put("scan_type", scanType)
			.put("from", from)
			.put("to", to)
			.put("page", page)
			.put("per_page", perPage)
			.put("sort_by", sortBy)
			.put("sort_order", sortOrder)
			.build();
	}

}
