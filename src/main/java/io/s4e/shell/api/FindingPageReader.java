package io.s4e.shell.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.PageMeta;

/**
 * Reads a page of findings straight from the parser's tokens into models, without building a {@link JsonNode}
 * tree of the page first: a long export reads a thousand pages, and the tree (a map per finding) was most of the
 * cost of reading one. The result is the one {@link ModelDecoder#page} gives for the same body: string values of
 * the known fields are taken as they are, and every other value (a number where text is expected, unknown fields,
 * paging facts) is read as a small tree and goes through the decoder's own rules. Shapes this reader does not
 * handle itself (a finding wrapped in {@code data}, a list element that is not an object, a body that is not
 * JSON) give {@code null}, and the caller decodes the body the general way, errors and all.
 */
final class FindingPageReader {

	private static final List<String> LIST_KEYS = ModelDecoder.LIST_KEYS;

	private final ObjectMapper mapper;

	private final ModelDecoder decoder;

	FindingPageReader(ObjectMapper mapper, ModelDecoder decoder) {
		this.mapper = mapper;
		this.decoder = decoder;
	}

	/** The page, or {@code null} when the body needs the general decoder. */
	Page<Finding> read(byte[] body) {
		try (JsonParser p = mapper.getFactory().createParser(body)) {
			JsonToken first = p.nextToken();
			if (first == JsonToken.START_ARRAY) {
				List<Finding> items = findings(p);
				return items == null ? null : new Page<>(items, new PageMeta(null, null, null, null));
			}
			if (first != JsonToken.START_OBJECT) {
				return null;
			}
			return envelope(p);
		}
		catch (IOException | RuntimeException e) {
			return null; // the general decoder reports it
		}
	}

	private Page<Finding> envelope(JsonParser p) throws IOException {
		// Like the tree, a repeated key counts with its last value.
		@SuppressWarnings("unchecked")
		List<Finding>[] lists = new List[LIST_KEYS.size()];
		JsonNode meta = null;
		Map<String, JsonNode> rootFacts = new LinkedHashMap<>();
		for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
			JsonToken value = p.nextToken();
			int list = LIST_KEYS.indexOf(name);
			if (list >= 0) {
				if (value == JsonToken.START_ARRAY) {
					lists[list] = findings(p);
					if (lists[list] == null) {
						return null;
					}
				}
				else {
					lists[list] = null;
					p.skipChildren();
				}
				continue;
			}
			switch (name) {
				case "meta" -> meta = mapper.readTree(p);
				case "total", "page", "per_page", "total_pages" -> rootFacts.put(name, mapper.readTree(p));
				default -> p.skipChildren();
			}
		}
		List<Finding> items = null;
		for (List<Finding> candidate : lists) {
			if (candidate != null) {
				items = candidate;
				break;
			}
		}
		if (items == null) {
			return null; // no list: the general decoder says so
		}
		PageMeta pageMeta = meta != null && meta.isObject() ? decoder.pageMeta(meta)
				: new PageMeta(ModelDecoder.intOrNull(rootFacts.get("total")),
						ModelDecoder.intOrNull(rootFacts.get("page")),
						ModelDecoder.intOrNull(rootFacts.get("per_page")),
						ModelDecoder.intOrNull(rootFacts.get("total_pages")));
		return new Page<>(items, pageMeta);
	}

	/** The array's elements as findings, the parser on its START_ARRAY; null when one needs the general way. */
	private List<Finding> findings(JsonParser p) throws IOException {
		List<Finding> items = new ArrayList<>(100);
		for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
			if (t != JsonToken.START_OBJECT) {
				return null;
			}
			Finding f = finding(p);
			if (f == null) {
				return null;
			}
			items.add(f);
		}
		return items;
	}

	/** One finding, the parser on its START_OBJECT; null when it is wrapped in {@code data}. */
	private Finding finding(JsonParser p) throws IOException {
		String id = null;
		String findingId = null;
		String title = null;
		String severity = null;
		Double cvss = null;
		Double cvssScore = null;
		String cvssVector = null;
		String cwe = null;
		String status = null;
		String category = null;
		AssetRef asset = null;
		boolean assetIsObject = false;
		String assetId = null;
		String scanId = null;
		String description = null;
		String remediation = null;
		List<String> references = List.of();
		String note = null;
		String notes = null;
		String discoveredAt = null;
		String createdAt = null;
		String updatedAt = null;
		Map<String, Object> extra = null;
		for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
			JsonToken value = p.nextToken();
			switch (name) {
				case "id" -> id = text(p, value);
				case "finding_id" -> findingId = text(p, value);
				case "title" -> title = text(p, value);
				case "severity" -> severity = text(p, value);
				case "cvss" -> cvss = number(p, value);
				case "cvss_score" -> cvssScore = number(p, value);
				case "cvss_vector" -> cvssVector = text(p, value);
				case "cwe" -> cwe = text(p, value);
				case "status" -> status = text(p, value);
				case "category" -> category = text(p, value);
				case "asset" -> {
					assetIsObject = value == JsonToken.START_OBJECT;
					asset = assetIsObject ? assetRef(p) : null;
					if (!assetIsObject) {
						p.skipChildren();
					}
				}
				case "asset_id" -> assetId = text(p, value);
				case "scan_id" -> scanId = text(p, value);
				case "description" -> description = text(p, value);
				case "remediation" -> remediation = text(p, value);
				case "references" -> references = references(p, value);
				case "note" -> note = text(p, value);
				case "notes" -> notes = text(p, value);
				case "discovered_at" -> discoveredAt = text(p, value);
				case "created_at" -> createdAt = text(p, value);
				case "updated_at" -> updatedAt = text(p, value);
				default -> {
					if (name.equals("data") && value == JsonToken.START_OBJECT) {
						return null; // an enveloped finding: the general decoder unwraps it
					}
					if (extra == null) {
						extra = new LinkedHashMap<>();
					}
					extra.put(name, mapper.convertValue(mapper.readTree(p), Object.class));
				}
			}
		}
		AssetRef ref = assetIsObject ? asset : assetId != null ? new AssetRef(assetId, null, null) : null;
		return new Finding(id != null ? id : findingId, title, severity, cvss != null ? cvss : cvssScore, cvssVector,
				cwe, status, category, ref, scanId, description, remediation, references,
				note != null ? note : notes, discoveredAt != null ? discoveredAt : createdAt, updatedAt, extra);
	}

	private AssetRef assetRef(JsonParser p) throws IOException {
		String id = null;
		String name = null;
		String type = null;
		for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
			JsonToken value = p.nextToken();
			switch (field) {
				case "id" -> id = text(p, value);
				case "name" -> name = text(p, value);
				case "type" -> type = text(p, value);
				default -> p.skipChildren();
			}
		}
		return new AssetRef(id, name, type);
	}

	/** A string as it is; anything else as {@link ModelDecoder#text} reads it from a tree. */
	private String text(JsonParser p, JsonToken value) throws IOException {
		if (value == JsonToken.VALUE_STRING) {
			return p.getText();
		}
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		return ModelDecoder.text(mapper.readTree(p));
	}

	private Double number(JsonParser p, JsonToken value) throws IOException {
		if (value == JsonToken.VALUE_NUMBER_FLOAT) {
			return p.getDoubleValue();
		}
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		return ModelDecoder.doubleOrNull(mapper.readTree(p));
	}

	private List<String> references(JsonParser p, JsonToken value) throws IOException {
		if (value != JsonToken.START_ARRAY) {
			p.skipChildren();
			return List.of();
		}
		List<String> out = new ArrayList<>();
		for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
			if (t == JsonToken.VALUE_STRING) {
				out.add(p.getText());
			}
			else {
				ModelDecoder.addReference(out, mapper.readTree(p));
			}
		}
		return out;
	}

}
