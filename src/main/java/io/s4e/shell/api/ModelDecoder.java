package io.s4e.shell.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.PageMeta;
import io.s4e.shell.api.model.Scan;

/**
 * Turns any documented response variant into models: {@code {"data": ...}} or a bare object; lists under
 * {@code data}, {@code scans}, {@code findings}, {@code assets} or {@code items}; every field-name variant the S4E
 * documents use. Unknown fields are kept in each model's {@code extra}; wrong types become nulls, not crashes.
 */
public final class ModelDecoder {

	static final List<String> LIST_KEYS = List.of("data", "scans", "findings", "assets", "items", "results");

	private static final Set<String> SCAN_FIELDS = Set.of("scan_id", "id", "asset_id", "asset_name", "asset",
			"scan_type", "type", "status", "priority", "progress", "current_phase", "phase", "eta_seconds",
			"finding_summary", "created_at", "started_at", "completed_at", "duration_seconds", "estimated_duration",
			"estimated_duration_minutes", "message", "error", "options", "callback_url");

	private static final Set<String> ASSET_FIELDS = Set.of("id", "asset_id", "name", "type", "status", "verified",
			"risk_score", "tags", "last_scan", "created_at", "updated_at", "metadata", "finding_summary");

	private static final Set<String> FINDING_FIELDS = Set.of("id", "finding_id", "title", "severity", "cvss",
			"cvss_score", "cvss_vector", "cwe", "status", "category", "asset", "asset_id", "scan_id", "description",
			"remediation", "references", "note", "notes", "discovered_at", "created_at", "updated_at");

	private final ObjectMapper mapper;

	public ModelDecoder(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/** The object itself, unwrapped from {@code data} when the server used the envelope. */
	public JsonNode unwrap(JsonNode root) {
		if (root != null && root.isObject()) {
			JsonNode data = root.get("data");
			if (data != null && data.isObject()) {
				return data;
			}
		}
		return root;
	}

	public Scan scan(JsonNode root) {
		JsonNode n = requireObject(unwrap(root), "scan");
		Long estimate = longOrNull(n.get("estimated_duration"));
		if (estimate == null) {
			Long minutes = longOrNull(n.get("estimated_duration_minutes"));
			estimate = minutes == null ? null : minutes * 60;
		}
		JsonNode asset = n.get("asset");
		String assetId = text(n, "asset_id");
		String assetName = text(n, "asset_name");
		if (asset != null && asset.isObject()) {
			assetId = assetId != null ? assetId : text(asset, "id");
			assetName = assetName != null ? assetName : text(asset, "name");
		}
		String id = firstText(n, "scan_id", "id");
		JsonNode error = n.get("error");
		String errorText = error == null || error.isNull() ? null
				: error.isObject() ? firstText(error, "message", "code") : error.asText();
		return new Scan(id, assetId, assetName, firstText(n, "scan_type", "type"), text(n, "status"),
				text(n, "priority"), intOrNull(n.get("progress")), firstText(n, "current_phase", "phase"),
				longOrNull(n.get("eta_seconds")), summaryOrNull(n.get("finding_summary")), text(n, "created_at"),
				text(n, "started_at"), text(n, "completed_at"), longOrNull(n.get("duration_seconds")), estimate,
				text(n, "message"), errorText, map(n.get("options")), text(n, "callback_url"),
				extra(n, SCAN_FIELDS));
	}

	public Asset asset(JsonNode root) {
		JsonNode n = requireObject(unwrap(root), "asset");
		JsonNode verified = n.get("verified");
		return new Asset(firstText(n, "id", "asset_id"), text(n, "name"), text(n, "type"), text(n, "status"),
				verified != null && verified.isBoolean() ? verified.booleanValue() : null,
				intOrNull(n.get("risk_score")), strings(n.get("tags")), text(n, "last_scan"), text(n, "created_at"),
				text(n, "updated_at"), map(n.get("metadata")), summaryOrNull(n.get("finding_summary")),
				extra(n, ASSET_FIELDS));
	}

	public Finding finding(JsonNode root) {
		JsonNode n = requireObject(unwrap(root), "finding");
		JsonNode asset = n.get("asset");
		AssetRef ref = null;
		if (asset != null && asset.isObject()) {
			ref = new AssetRef(text(asset, "id"), text(asset, "name"), text(asset, "type"));
		}
		else if (text(n, "asset_id") != null) {
			ref = new AssetRef(text(n, "asset_id"), null, null);
		}
		Double cvss = doubleOrNull(n.get("cvss"));
		if (cvss == null) {
			cvss = doubleOrNull(n.get("cvss_score"));
		}
		return new Finding(firstText(n, "id", "finding_id"), text(n, "title"), text(n, "severity"), cvss,
				text(n, "cvss_vector"), text(n, "cwe"), text(n, "status"), text(n, "category"), ref,
				text(n, "scan_id"), text(n, "description"), text(n, "remediation"), strings(n.get("references")),
				firstText(n, "note", "notes"), firstText(n, "discovered_at", "created_at"), text(n, "updated_at"),
				extra(n, FINDING_FIELDS));
	}

	/** A list response in any documented shape. */
	public <T> Page<T> page(JsonNode root, Function<JsonNode, T> item) {
		JsonNode array = null;
		if (root != null && root.isArray()) {
			array = root;
		}
		else if (root != null && root.isObject()) {
			for (String key : LIST_KEYS) {
				JsonNode candidate = root.get(key);
				if (candidate != null && candidate.isArray()) {
					array = candidate;
					break;
				}
			}
		}
		if (array == null) {
			throw new IllegalArgumentException("expected a list under data, scans, findings or assets");
		}
		List<T> items = new ArrayList<>(array.size());
		for (JsonNode element : array) {
			items.add(item.apply(element));
		}
		JsonNode meta = root.isObject() && root.get("meta") != null && root.get("meta").isObject() ? root.get("meta")
				: root.isObject() ? root : null;
		PageMeta pageMeta = meta == null ? new PageMeta(null, null, null, null) : pageMeta(meta);
		return new Page<>(items, pageMeta);
	}

	/** Paging facts from the {@code meta} object, or from the root where the server puts them there. */
	PageMeta pageMeta(JsonNode meta) {
		return new PageMeta(intOrNull(meta.get("total")), intOrNull(meta.get("page")), intOrNull(meta.get("per_page")),
				intOrNull(meta.get("total_pages")));
	}

	private static JsonNode requireObject(JsonNode node, String what) {
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("expected a " + what + " object");
		}
		return node;
	}

	private static FindingSummary summaryOrNull(JsonNode node) {
		if (node == null || !node.isObject()) {
			return null;
		}
		return new FindingSummary(count(node, "critical"), count(node, "high"), count(node, "medium"),
				count(node, "low"), Math.max(count(node, "info"), count(node, "informational")));
	}

	private static int count(JsonNode node, String key) {
		Integer v = intOrNull(node.get(key));
		return v == null ? 0 : v;
	}

	static String text(JsonNode node, String key) {
		return text(node.get(key));
	}

	/** A scalar as text (numbers and booleans too); null, missing, objects and arrays as null. */
	static String text(JsonNode v) {
		if (v == null || v.isNull() || v.isContainerNode()) {
			return null;
		}
		return v.asText();
	}

	private static String firstText(JsonNode node, String... keys) {
		for (String key : keys) {
			String v = text(node, key);
			if (v != null) {
				return v;
			}
		}
		return null;
	}

	static Integer intOrNull(JsonNode v) {
		if (v == null || v.isNull()) {
			return null;
		}
		if (v.isNumber()) {
			return v.intValue();
		}
		if (v.isTextual()) {
			try {
				return (int) Math.round(Double.parseDouble(v.asText().trim()));
			}
			catch (NumberFormatException e) {
				return null;
			}
		}
		return null;
	}

	static Long longOrNull(JsonNode v) {
		if (v == null || v.isNull()) {
			return null;
		}
		if (v.isNumber()) {
			return v.longValue();
		}
		if (v.isTextual()) {
			try {
				return Math.round(Double.parseDouble(v.asText().trim()));
			}
			catch (NumberFormatException e) {
				return null;
			}
		}
		return null;
	}

	static Double doubleOrNull(JsonNode v) {
		if (v == null || v.isNull()) {
			return null;
		}
		if (v.isNumber()) {
			return v.doubleValue();
		}
		if (v.isTextual()) {
			try {
				return Double.valueOf(v.asText().trim());
			}
			catch (NumberFormatException e) {
				return null;
			}
		}
		return null;
	}

	private static List<String> strings(JsonNode v) {
		if (v == null || !v.isArray()) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		for (JsonNode e : v) {
			addReference(out, e);
		}
		return out;
	}

	/** One element of {@code references}: a scalar as text, an object as its {@code url} (or its JSON). */
	static void addReference(List<String> out, JsonNode e) {
		if (e.isValueNode() && !e.isNull()) {
			out.add(e.asText());
		}
		else if (e.isObject()) {
			String url = text(e, "url");
			out.add(url != null ? url : e.toString());
		}
	}

	private Map<String, Object> map(JsonNode v) {
		if (v == null || !v.isObject()) {
			return Map.of();
		}
		return mapper.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

	private Map<String, Object> extra(JsonNode node, Set<String> known) {
		Map<String, Object> extra = new LinkedHashMap<>();
		Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> f = fields.next();
			if (!known.contains(f.getKey())) {
				extra.put(f.getKey(), mapper.convertValue(f.getValue(), Object.class));
			}
		}
		return extra;
	}

}
