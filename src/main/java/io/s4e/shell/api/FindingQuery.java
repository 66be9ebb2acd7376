package io.s4e.shell.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Filters of {@code GET /api/findings}; also used for a scan's results (severity and paging only). */
public record FindingQuery(List<String> severity, String status, String assetId, String scanId, Double cvssMin,
		Double cvssMax, String search, Integer page, Integer perPage, String sortBy, String sortOrder) {

	public static final Set<String> KEYS = Set.of("severity", "status", "asset_id", "scan_id", "cvss_min", "cvss_max",
			"search", "page", "per_page", "sort_by", "sort_order");

	public FindingQuery {
		severity = severity == null ? null : List.copyOf(severity);
		QueryParams.perPage(perPage);
	}

	public static FindingQuery all() {
		return new FindingQuery(null, null, null, null, null, null, null, null, null, null, null);
	}

	public static FindingQuery severities(List<String> severity) {
		return new FindingQuery(severity, null, null, null, null, null, null, null, null, null, null);
	}

	public static FindingQuery fromMap(Map<String, ?> filters) {
		Map<String, Object> f = QueryParams.normalise(filters, KEYS, "finding");
		return new FindingQuery(QueryParams.list(f.get("severity")), QueryParams.string(f.get("status")),
				QueryParams.string(f.get("asset_id")), QueryParams.string(f.get("scan_id")),
				QueryParams.decimal(f.get("cvss_min"), "cvss_min"), QueryParams.decimal(f.get("cvss_max"), "cvss_max"),
				QueryParams.string(f.get("search")), QueryParams.integer(f.get("page"), "page"),
				QueryParams.integer(f.get("per_page"), "per_page"), QueryParams.string(f.get("sort_by")),
				QueryParams.string(f.get("sort_order")));
	}

	public FindingQuery withPage(int newPage, Integer newPerPage) {
		return new FindingQuery(severity, status, assetId, scanId, cvssMin, cvssMax, search, newPage, newPerPage,
				sortBy, sortOrder);
	}

	public Map<String, String> params() {
		return new QueryParams().put("severity", severity)
			.put("status", status)
			.put("asset_id", assetId)
			.put("scan_id", scanId)
			.put("cvss_min", cvssMin)
			.put("cvss_max", cvssMax)
			.put("search", search)
			.put("page", page)
			.put("per_page", perPage)
			.put("sort_by", sortBy)
			.put("sort_order", sortOrder)
			.build();
	}

	/** The subset the results endpoint documents. */
	public Map<String, String> resultParams() {
		return new QueryParams().put("severity", severity).put("page", page).put("per_page", perPage).build();
	}

}
