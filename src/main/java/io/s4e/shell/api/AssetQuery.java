package io.s4e.shell.api;

import java.util.Map;
import java.util.Set;

/** Filters of {@code GET /api/assets}. */
public record AssetQuery(String type, String tag, String status, String search, Integer page, Integer perPage,
		String sortBy, String sortOrder) {

	public static final Set<String> KEYS = Set.of("type", "tag", "status", "search", "page", "per_page", "sort_by",
			"sort_order");

	public AssetQuery {
		QueryParams.perPage(perPage);
	}

	public static AssetQuery all() {
		return new AssetQuery(null, null, null, null, null, null, null, null);
	}

	public static AssetQuery fromMap(Map<String, ?> filters) {
		Map<String, Object> f = QueryParams.normalise(filters, KEYS, "asset");
		return new AssetQuery(QueryParams.string(f.get("type")), QueryParams.string(f.get("tag")),
				QueryParams.string(f.get("status")), QueryParams.string(f.get("search")),
				QueryParams.integer(f.get("page"), "page"), QueryParams.integer(f.get("per_page"), "per_page"),
				QueryParams.string(f.get("sort_by")), QueryParams.string(f.get("sort_order")));
	}

	public AssetQuery withPage(int newPage, Integer newPerPage) {
		return new AssetQuery(type, tag, status, search, newPage, newPerPage, sortBy, sortOrder);
	}

	public Map<String, String> params() {
		return new QueryParams().put("type", type)
			.put("tag", tag)
			.put("status", status)
			.put("search", search)
			.put("page", page)
			.put("per_page", perPage)
			.put("sort_by", sortBy)
			.put("sort_order", sortOrder)
			.build();
	}

}
