package io.s4e.shell.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;

/**
 * The JSON form of the models, as the API spells it: snake_case names ({@code scan_id}, {@code asset_id},
 * {@code finding_summary}), absent (null) fields left out, and each record's {@code extra} map merged back in so
 * fields this client does not know survive a round trip. Every other format (YAML, CSV, jq input) starts from this
 * form.
 * <p>
 * Strings are written unchanged. The JSON writer escapes, as {@code \\uXXXX}, the characters a terminal could act on
 * (DEL, C1 controls, bidi controls, line/paragraph separators) in addition to what JSON requires: the decoded value
 * is byte-exact, and printing the document raw on a terminal is still harmless.
 */
public final class ModelJson {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final ObjectMapper MAPPER = createMapper();

	/** See {@link #surrogateEscapingGenerator}. */
	private static final JsonFactory SURROGATE_ESCAPING = new JsonFactoryBuilder()
		.characterEscapes(new TerminalSafeEscapes(true))
		.build();

	private ModelJson() {
	}

	private static ObjectMapper createMapper() {
		JsonFactory factory = new JsonFactoryBuilder().characterEscapes(new TerminalSafeEscapes()).build();
		return JsonMapper.builder(factory)
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.serializationInclusion(JsonInclude.Include.NON_NULL)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
	}

	/** The shared mapper; its generators use the terminal-safe escapes. Do not reconfigure it. */
	static ObjectMapper mapper() {
		return MAPPER;
	}

	/**
	 * The JSON form of any value: the models in their API shape, collections as arrays, maps and other records via
	 * Jackson with snake_case names.
	 */
	public static JsonNode tree(Object value) {
		if (value == null) {
			return NODES.nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof Scan scan) {
			return scan(scan);
		}
		if (value instanceof Asset asset) {
			return asset(asset);
		}
		if (value instanceof Finding finding) {
			return finding(finding);
		}
		if (value instanceof FindingSummary summary) {
			return summary(summary);
		}
		if (value instanceof AssetRef ref) {
			return assetRef(ref);
		}
		if (value instanceof Collection<?> items) {
			var array = NODES.arrayNode();
			for (Object item : items) {
				array.add(tree(item));
			}
			return array;
		}
		return MAPPER.valueToTree(value);
	}

	/** Compact JSON text of {@link #tree(Object)}. */
	public static String toJson(Object value) {
		try {
			return MAPPER.writeValueAsString(tree(value));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A generator on {@code out} with the terminal-safe escapes; pretty prints with two-space indents and LF. */
	static JsonGenerator generator(Writer out, boolean pretty) throws IOException {
		JsonGenerator gen = MAPPER.getFactory().createGenerator(out);
		gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
		// A failure half-way must not be papered over with closing brackets that make the output look complete.
		gen.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
		// Several root values (jq results, JSONL rows) are separated by our own newlines, not Jackson's space.
		if (pretty) {
			DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
			gen.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(indenter)
				.withArrayIndenter(indenter)
				.withRootSeparator((String) null));
		}
		else {
			gen.setRootValueSeparator(null);
		}
		return gen;
	}

	/**
	 * A compact generator to chars with the same escapes and closing rules as {@link #generator(Writer, boolean)},
	 * that also escapes surrogates (a character outside the BMP becomes two {@code \\u} escapes), as Jackson's UTF-8
	 * generator does: SARIF results were written by that one, and read the same now.
	 */
	static JsonGenerator surrogateEscapingGenerator(Writer out) throws IOException {
		JsonGenerator gen = SURROGATE_ESCAPING.createGenerator(out);
		gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
		gen.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
		gen.setRootValueSeparator(null);
		return gen;
	}

	static ObjectNode scan(Scan s) {
		ObjectNode n = NODES.objectNode();
		put(n, "scan_id", s.id());
		put(n, "asset_id", s.assetId());
		put(n, "asset_name", s.assetName());
		put(n, "scan_type", s.scanType());
		put(n, "status", s.status());
		put(n, "priority", s.priority());
		put(n, "progress", s.progress());
		put(n, "current_phase", s.currentPhase());
		put(n, "eta_seconds", s.etaSeconds());
		put(n, "finding_summary", s.findingSummary());
		if (!s.options().isEmpty()) {
			n.set("options", MAPPER.valueToTree(s.options()));
		}
		put(n, "callback_url", s.callbackUrl());
		put(n, "created_at", s.createdAt());
		put(n, "started_at", s.startedAt());
		put(n, "completed_at", s.completedAt());
		put(n, "duration_seconds", s.durationSeconds());
		// The guide's name for an estimate in seconds, which is the unit the model keeps.
		put(n, "estimated_duration", s.estimatedDurationSeconds());
		put(n, "message", s.message());
		put(n, "error", s.error());
		mergeExtra(n, s.extra());
		return n;
	}

	static ObjectNode asset(Asset a) {
		ObjectNode n = NODES.objectNode();
		put(n, "id", a.id());
		put(n, "name", a.name());
		put(n, "type", a.type());
		put(n, "status", a.status());
		put(n, "verified", a.verified());
		put(n, "risk_score", a.riskScore());
		var tags = n.putArray("tags");
		a.tags().forEach(tags::add);
		put(n, "last_scan", a.lastScan());
		put(n, "created_at", a.createdAt());
		put(n, "updated_at", a.updatedAt());
		if (!a.metadata().isEmpty()) {
			n.set("metadata", MAPPER.valueToTree(a.metadata()));
		}
		put(n, "finding_summary", a.findingSummary());
		mergeExtra(n, a.extra());
		return n;
	}

	static ObjectNode finding(Finding f) {
		ObjectNode n = NODES.objectNode();
		put(n, "id", f.id());
		put(n, "title", f.title());
		put(n, "severity", f.severity());
		put(n, "cvss", f.cvss());
		put(n, "cvss_vector", f.cvssVector());
		put(n, "cwe", f.cwe());
		put(n, "status", f.status());
		put(n, "category", f.category());
		if (f.asset() != null) {
			n.set("asset", assetRef(f.asset()));
		}
		put(n, "scan_id", f.scanId());
		put(n, "description", f.description());
		put(n, "remediation", f.remediation());
		if (!f.references().isEmpty()) {
			var refs = n.putArray("references");
			f.references().forEach(refs::add);
		}
		put(n, "note", f.note());
		put(n, "discovered_at", f.discoveredAt());
		put(n, "updated_at", f.updatedAt());
		mergeExtra(n, f.extra());
		return n;
	}

	/**
	 * Writes a row as {@link #tree} would give it, a finding straight from its fields (no tree in between, which a
	 * long export notices), anything else through its tree. The output is the same either way.
	 */
	static void writeRow(JsonGenerator gen, Object row) throws IOException {
		if (row instanceof Finding finding) {
			writeFinding(gen, finding);
		}
		else {
			gen.writeTree(tree(row));
		}
	}

	/** The fields of {@link #finding(Finding)}, in its order, with its rules for nulls and extra fields. */
	private static void writeFinding(JsonGenerator gen, Finding f) throws IOException {
		gen.writeStartObject();
		writeIfPresent(gen, "id", f.id());
		writeIfPresent(gen, "title", f.title());
		writeIfPresent(gen, "severity", f.severity());
		if (f.cvss() != null) {
			gen.writeNumberField("cvss", f.cvss());
		}
		writeIfPresent(gen, "cvss_vector", f.cvssVector());
		writeIfPresent(gen, "cwe", f.cwe());
		writeIfPresent(gen, "status", f.status());
		writeIfPresent(gen, "category", f.category());
		AssetRef asset = f.asset();
		if (asset != null) {
			gen.writeObjectFieldStart("asset");
			writeIfPresent(gen, "id", asset.id());
			writeIfPresent(gen, "name", asset.name());
			writeIfPresent(gen, "type", asset.type());
			gen.writeEndObject();
		}
		writeIfPresent(gen, "scan_id", f.scanId());
		writeIfPresent(gen, "description", f.description());
		writeIfPresent(gen, "remediation", f.remediation());
		if (!f.references().isEmpty()) {
			gen.writeArrayFieldStart("references");
			for (String ref : f.references()) {
				gen.writeString(ref);
			}
			gen.writeEndArray();
		}
		writeIfPresent(gen, "note", f.note());
		writeIfPresent(gen, "discovered_at", f.discoveredAt());
		writeIfPresent(gen, "updated_at", f.updatedAt());
		for (Map.Entry<String, Object> e : f.extra().entrySet()) {
			if (e.getValue() != null && !written(f, e.getKey())) {
				gen.writeFieldName(e.getKey());
				gen.writeTree(MAPPER.valueToTree(e.getValue()));
			}
		}
		gen.writeEndObject();
	}

	/** Whether {@link #writeFinding} wrote this field of the finding (a known one with a value). */
	private static boolean written(Finding f, String name) {
		return switch (name) {
			case "id" -> f.id() != null;
			case "title" -> f.title() != null;
			case "severity" -> f.severity() != null;
			case "cvss" -> f.cvss() != null;
			case "cvss_vector" -> f.cvssVector() != null;
			case "cwe" -> f.cwe() != null;
			case "status" -> f.status() != null;
			case "category" -> f.category() != null;
			case "asset" -> f.asset() != null;
			case "scan_id" -> f.scanId() != null;
			case "description" -> f.description() != null;
			case "remediation" -> f.remediation() != null;
			case "references" -> !f.references().isEmpty();
			case "note" -> f.note() != null;
			case "discovered_at" -> f.discoveredAt() != null;
			case "updated_at" -> f.updatedAt() != null;
			default -> false;
		};
	}

	/** A string field, left out when the value is null. */
	static void writeIfPresent(JsonGenerator gen, String name, String value) throws IOException {
		if (value != null) {
			gen.writeStringField(name, value);
		}
	}

	static ObjectNode summary(FindingSummary s) {
		ObjectNode n = NODES.objectNode();
		s.asMap().forEach(n::put);
		return n;
	}

	private static ObjectNode assetRef(AssetRef ref) {
		ObjectNode n = NODES.objectNode();
		put(n, "id", ref.id());
		put(n, "name", ref.name());
		put(n, "type", ref.type());
		return n;
	}

	private static void put(ObjectNode n, String name, Object value) {
		if (value == null) {
			return;
		}
		if (value instanceof String s) {
			n.put(name, s);
		}
		else if (value instanceof Integer i) {
			n.put(name, i);
		}
		else if (value instanceof Long l) {
			n.put(name, l);
		}
		else if (value instanceof Double d) {
			n.put(name, d);
		}
		else if (value instanceof Boolean b) {
			n.put(name, b);
		}
		else if (value instanceof FindingSummary s) {
			n.set(name, summary(s));
		}
		else {
			n.set(name, MAPPER.valueToTree(value));
		}
	}

	/** Unknown fields go after the known ones; a known field wins over an extra entry of the same name. */
	private static void mergeExtra(ObjectNode n, Map<String, Object> extra) {
		for (Map.Entry<String, Object> e : extra.entrySet()) {
			if (e.getValue() != null && !n.has(e.getKey())) {
				n.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
			}
		}
	}

	/**
	 * JSON's own escapes plus {@code \\u} escapes for DEL, C1 controls (U+0080-U+009F, which include 8-bit CSI and
	 * OSC), bidi controls and U+2028/U+2029.
	 */
	static final class TerminalSafeEscapes extends CharacterEscapes {

		private static final long serialVersionUID = 1L;

		private final int[] asciiEscapes;

		private final boolean surrogates;

		TerminalSafeEscapes() {
			this(false);
		}

		/** @param surrogates whether surrogates are escaped too, as Jackson's UTF-8 generator always does */
		TerminalSafeEscapes(boolean surrogates) {
			asciiEscapes = standardAsciiEscapesForJSON();
			asciiEscapes[0x7F] = ESCAPE_STANDARD;
			this.surrogates = surrogates;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return asciiEscapes;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			if ((ch >= 0x80 && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029
					|| (ch <= 0xFFFF && TerminalText.isBidiControl((char) ch))
					|| (surrogates && ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE)) {
				return new SerializedString(String.format("\\u%04X", ch));
			}
			return null;
		}

	}

}
