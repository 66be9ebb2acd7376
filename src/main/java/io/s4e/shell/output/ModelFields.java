package io.s4e.shell.output;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Severity;

/** The columns each row type offers, and which of them tables and CSV show by default. */
final class ModelFields {

	/**
	 * The columns of one row type.
	 *
	 * @param modelType the row type the fields read
	 * @param rowsAreTrees whether rows must be turned into {@link JsonNode} (by {@link ModelJson#tree}) before the
	 * fields read them; true for types that are not one of the models
	 */
	record Catalogue(String what, Class<?> modelType, List<Field> all, List<String> tableDefault,
			List<String> csvDefault, boolean rowsAreTrees) {

		List<Field> forTable(List<String> requested) {
			return select(requested.isEmpty() ? tableDefault : requested);
		}

		List<Field> forCsv(List<String> requested) {
			return select(requested.isEmpty() ? csvDefault : requested);
		}

		Object adapt(Object row) {
			if (rowsAreTrees) {
				return ModelJson.tree(row);
			}
			if (!modelType.isInstance(row)) {
				throw new OutputException("cannot list " + row.getClass().getSimpleName() + " rows among " + what);
			}
			return row;
		}

		private List<Field> select(List<String> names) {
			List<Field> chosen = new ArrayList<>();
			for (String name : names) {
				Field field = all.stream()
					.filter(f -> f.answersTo(name))
					.findFirst()
					.orElseThrow(() -> new OutputException("unknown column '" + name + "' for " + what
							+ "; available: " + all.stream().map(Field::name).collect(Collectors.joining(", "))));
				chosen.add(field);
			}
			return chosen;
		}

	}

	static final Catalogue SCANS = new Catalogue("scans", Scan.class, scanFields(),
			List.of("id", "asset", "type", "status", "progress", "phase", "findings", "created"),
			List.of("id", "asset_id", "asset_name", "type", "status", "priority", "progress", "phase", "critical",
					"high", "medium", "low", "info", "created", "started", "completed", "duration", "error"),
			false);

	static final Catalogue ASSETS = new Catalogue("assets", Asset.class, assetFields(),
			List.of("id", "name", "type", "status", "risk", "tags"), List.of("id", "name", "type", "status",
					"verified", "risk", "tags", "last_scan", "created", "updated", "critical", "high", "medium",
					"low", "info"),
			false);

	static final Catalogue FINDINGS = new Catalogue("findings", Finding.class, findingFields(),
			List.of("id", "severity", "cvss", "status", "title", "asset"),
			List.of("id", "title", "severity", "cvss", "cvss_vector", "cwe", "status", "category", "asset_id",
					"asset_name", "asset_type", "scan_id", "discovered", "updated", "description", "remediation",
					"references", "note"),
			false);

	private ModelFields() {
	}

	/** The catalogue of a model type, or {@code null} for other types (see {@link #generic}). */
	static Catalogue of(Class<?> type) {
		if (type == null) {
			return null;
		}
		if (Scan.class.isAssignableFrom(type)) {
			return SCANS;
		}
		if (Asset.class.isAssignableFrom(type)) {
			return ASSETS;
		}
		if (Finding.class.isAssignableFrom(type)) {
			return FINDINGS;
		}
		return null;
	}

	/**
	 * Columns for rows that are not models (maps, other records, JSON): the top-level fields of the first row, or a
	 * single {@code value} column when rows are not objects.
	 */
	static Catalogue generic(JsonNode firstRow) {
		List<Field> fields = new ArrayList<>();
		if (firstRow != null && firstRow.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> it = firstRow.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> e = it.next();
				String key = e.getKey();
				Function<Object, String> text = row -> nodeText(((JsonNode) row).get(key));
				fields.add(new Field(key, key.toUpperCase(Locale.ROOT).replace('_', ' '), key, text, text,
						row -> Tone.NONE, !e.getValue().isNumber(), e.getValue().isNumber()));
			}
		}
		else {
			Function<Object, String> text = row -> nodeText((JsonNode) row);
			fields.add(new Field("value", "VALUE", "value", text, text, row -> Tone.NONE, true, false));
		}
		List<String> names = fields.stream().map(Field::name).toList();
		return new Catalogue("these rows", JsonNode.class, fields, names, names, true);
	}

	/** Scalars as their text, null/missing as empty, arrays of scalars comma-joined, anything else compact JSON. */
	static String nodeText(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "";
		}
		if (node.isValueNode()) {
			return node.asText();
		}
		if (node.isArray()) {
			boolean scalars = true;
			for (JsonNode item : node) {
				scalars &= item.isValueNode();
			}
			if (scalars) {
				List<String> parts = new ArrayList<>();
				node.forEach(item -> parts.add(item.asText()));
				return String.join(", ", parts);
			}
		}
		return node.toString();
	}

	private static List<Field> scanFields() {
		Class<Scan> S = Scan.class;
		return List.of(Field.text(S, "id", "ID", "scan_id", Scan::id),
				Field.text(S, "asset", "ASSET", "asset", s -> or(s.assetName(), s.assetId())).asFlexible(),
				Field.text(S, "asset_id", "ASSET ID", "asset_id", Scan::assetId),
				Field.text(S, "asset_name", "ASSET NAME", "asset_name", Scan::assetName).asFlexible(),
				Field.text(S, "type", "TYPE", "scan_type", Scan::scanType),
				Field.text(S, "status", "STATUS", "status", Scan::status).toned(S, s -> Tone.status(s.status())),
				Field.text(S, "priority", "PRIORITY", "priority", Scan::priority),
				Field.text(S, "progress", "PROGRESS", "progress", s -> str(s.progress()))
					.displayedAs(S, s -> s.progress() == null ? "" : s.progress() + "%")
					.asNumeric(),
				Field.text(S, "phase", "PHASE", "current_phase", Scan::currentPhase).asFlexible(),
				Field.text(S, "eta", "ETA", "eta_seconds", s -> str(s.etaSeconds()))
					.displayedAs(S, s -> duration(s.etaSeconds()))
					.asNumeric(),
				Field.text(S, "findings", "FINDINGS", "finding_summary", s -> compact(s.findingSummary()))
					.toned(S, s -> worst(s.findingSummary())),
				severityCount(S, Severity.CRITICAL, Scan::findingSummary),
				severityCount(S, Severity.HIGH, Scan::findingSummary),
				severityCount(S, Severity.MEDIUM, Scan::findingSummary),
				severityCount(S, Severity.LOW, Scan::findingSummary),
				severityCount(S, Severity.INFO, Scan::findingSummary),
				Field.text(S, "created", "CREATED", "created_at", Scan::createdAt),
				Field.text(S, "started", "STARTED", "started_at", Scan::startedAt),
				Field.text(S, "completed", "COMPLETED", "completed_at", Scan::completedAt),
				Field.text(S, "duration", "DURATION", "duration_seconds", s -> str(s.durationSeconds()))
					.displayedAs(S, s -> duration(s.durationSeconds()))
					.asNumeric(),
				Field.text(S, "estimated_duration", "EST. DURATION", "estimated_duration",
						s -> str(s.estimatedDurationSeconds()))
					.displayedAs(S, s -> duration(s.estimatedDurationSeconds()))
					.asNumeric(),
				Field.text(S, "callback_url", "CALLBACK URL", "callback_url", Scan::callbackUrl).asFlexible(),
				Field.text(S, "message", "MESSAGE", "message", Scan::message).asFlexible(),
				Field.text(S, "error", "ERROR", "error", Scan::error).asFlexible());
	}

	private static List<Field> assetFields() {
		Class<Asset> A = Asset.class;
		return List.of(Field.text(A, "id", "ID", "id", Asset::id),
				Field.text(A, "name", "NAME", "name", Asset::name).asFlexible(),
				Field.text(A, "type", "TYPE", "type", Asset::type),
				Field.text(A, "status", "STATUS", "status", Asset::status).toned(A, a -> Tone.status(a.status())),
				Field.text(A, "verified", "VERIFIED", "verified", a -> str(a.verified())),
				Field.text(A, "risk", "RISK", "risk_score", a -> str(a.riskScore()))
					.toned(A, a -> Tone.risk(a.riskScore()))
					.asNumeric(),
				Field.text(A, "tags", "TAGS", "tags", a -> String.join(";", a.tags()))
					.displayedAs(A, a -> String.join(", ", a.tags()))
					.asFlexible(),
				Field.text(A, "last_scan", "LAST SCAN", "last_scan", Asset::lastScan),
				Field.text(A, "created", "CREATED", "created_at", Asset::createdAt),
				Field.text(A, "updated", "UPDATED", "updated_at", Asset::updatedAt),
				Field.text(A, "findings", "FINDINGS", "finding_summary", a -> compact(a.findingSummary()))
					.toned(A, a -> worst(a.findingSummary())),
				severityCount(A, Severity.CRITICAL, Asset::findingSummary),
				severityCount(A, Severity.HIGH, Asset::findingSummary),
				severityCount(A, Severity.MEDIUM, Asset::findingSummary),
				severityCount(A, Severity.LOW, Asset::findingSummary),
				severityCount(A, Severity.INFO, Asset::findingSummary),
				Field.text(A, "registrar", "REGISTRAR", "registrar", a -> metadataText(a, "registrar")).asFlexible(),
				Field.text(A, "ip_addresses", "IP ADDRESSES", "ip_addresses", a -> metadataText(a, "ip_addresses"))
					.asFlexible(),
				Field.text(A, "technologies", "TECHNOLOGIES", "technologies", a -> metadataText(a, "technologies"))
					.asFlexible());
	}

	private static List<Field> findingFields() {
		Class<Finding> F = Finding.class;
		return List.of(Field.text(F, "id", "ID", "id", Finding::id),
				Field.text(F, "severity", "SEVERITY", "severity", Finding::severity)
					.toned(F, f -> Tone.severity(f.severity())),
				Field.text(F, "cvss", "CVSS", "cvss", f -> cvss(f.cvss())).asNumeric(),
				Field.text(F, "status", "STATUS", "status", Finding::status).toned(F, f -> Tone.status(f.status())),
				Field.text(F, "title", "TITLE", "title", Finding::title).asFlexible(),
				Field.text(F, "asset", "ASSET", "asset", f -> or(f.assetName(), f.assetId())).asFlexible(),
				Field.text(F, "asset_id", "ASSET ID", "asset_id", Finding::assetId),
				Field.text(F, "asset_name", "ASSET NAME", "asset_name", Finding::assetName).asFlexible(),
				Field.text(F, "asset_type", "ASSET TYPE", "asset_type", f -> f.asset() == null ? null : f.asset().type()),
				Field.text(F, "cwe", "CWE", "cwe", Finding::cwe),
				Field.text(F, "cvss_vector", "CVSS VECTOR", "cvss_vector", Finding::cvssVector),
				Field.text(F, "category", "CATEGORY", "category", Finding::category),
				Field.text(F, "scan_id", "SCAN", "scan_id", Finding::scanId),
				Field.text(F, "discovered", "DISCOVERED", "discovered_at", Finding::discoveredAt),
				Field.text(F, "updated", "UPDATED", "updated_at", Finding::updatedAt),
				Field.text(F, "description", "DESCRIPTION", "description", Finding::description).asFlexible(),
				Field.text(F, "remediation", "REMEDIATION", "remediation", Finding::remediation).asFlexible(),
				Field.text(F, "references", "REFERENCES", "references", f -> String.join(" ", f.references()))
					.asFlexible(),
				Field.text(F, "note", "NOTE", "note", Finding::note).asFlexible());
	}

	private static <T> Field severityCount(Class<T> type, Severity severity, Function<T, FindingSummary> summary) {
		String name = severity.wire();
		return Field.text(type, name, name.toUpperCase(Locale.ROOT), name, row -> {
			FindingSummary s = summary.apply(row);
			return s == null ? "" : String.valueOf(s.count(severity));
		}).asNumeric();
	}

	static String compact(FindingSummary summary) {
		return summary == null ? "" : summary.compact();
	}

	/** The tone of the most severe non-zero count, so a row with criticals stands out. */
	static Tone worst(FindingSummary summary) {
		if (summary == null) {
			return Tone.NONE;
		}
		for (Severity s : Severity.values()) {
			if (summary.count(s) > 0) {
				return Tone.severity(s.wire());
			}
		}
		return Tone.NONE;
	}

	/** CVSS as written by the server: {@code 9.8}, {@code 10.0}. */
	static String cvss(Double score) {
		if (score == null) {
			return null;
		}
		double d = score;
		// In this range Double.toString has no exponent and is what BigDecimal writes, without building one
		// (this runs once per finding of an export).
		if (d >= 1e-3 && d < 1e7) {
			return Double.toString(d);
		}
		return BigDecimal.valueOf(d).toPlainString();
	}

	/** {@code 75} -> {@code 1m 15s}; {@code 3600} -> {@code 1h 0m 0s}. */
	static String duration(Long seconds) {
		if (seconds == null) {
			return "";
		}
		long s = Math.abs(seconds);
		String sign = seconds < 0 ? "-" : "";
		if (s < 60) {
			return sign + s + "s";
		}
		if (s < 3600) {
			return sign + (s / 60) + "m " + (s % 60) + "s";
		}
		return sign + (s / 3600) + "h " + (s % 3600 / 60) + "m " + (s % 60) + "s";
	}

	private static String metadataText(Asset asset, String key) {
		Object value = asset.metadata().get(key);
		if (value == null) {
			return null;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).collect(Collectors.joining(", "));
		}
		return value instanceof Map ? ModelJson.toJson(value) : String.valueOf(value);
	}

	private static String str(Object value) {
		return value == null ? null : String.valueOf(value);
	}

	private static String or(String value, String fallback) {
		return value != null && !value.isEmpty() ? value : fallback;
	}

}
