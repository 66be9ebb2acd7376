package io.s4e.shell.sandbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders world objects in the configured dialect. Called with the world lock held, so a response shows one
 * instant.
 */
final class SandboxJson {

	static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

	private final SandboxWorld world;

	private final SandboxDialect dialect;

	private final ObjectMapper mapper;

	SandboxJson(SandboxWorld world, ObjectMapper mapper) {
		this.world = world;
		this.dialect = world.dialect;
		this.mapper = mapper;
	}

	static String time(Long epochMillis) {
		return epochMillis == null ? null
				: DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS));
	}

	/** {@code {"data": ...}} in the reference dialect, the bare object in the guide's. */
	JsonNode single(ObjectNode object) {
		if (dialect == SandboxDialect.REFERENCE) {
			ObjectNode envelope = JSON.objectNode();
			envelope.set("data", object);
			return envelope;
		}
		return object;
	}

	/** A page: {@code data} + {@code meta} (reference) or {@code <listName>} + {@code meta} (guide). */
	JsonNode page(String listName, List<? extends JsonNode> items, int total, int page, int perPage) {
		ObjectNode body = JSON.objectNode();
		ArrayNode array = body.putArray(dialect == SandboxDialect.REFERENCE ? "data" : listName);
		array.addAll(items);
		ObjectNode meta = body.putObject("meta");
		meta.put("total", total);
		meta.put("page", page);
		meta.put("per_page", perPage);
		meta.put("total_pages", total == 0 ? 0 : (total + perPage - 1) / perPage);
		return body;
	}

	ObjectNode scan(SandboxScan scan, long now) {
		SandboxAsset asset = world.assets.get(scan.assetId);
		ObjectNode o = JSON.objectNode();
		o.put("scan_id", scan.id);
		o.put("asset_id", scan.assetId);
		o.put("asset_name", asset == null ? null : asset.name());
		o.put("scan_type", scan.scanType);
		o.put("status", scan.status);
		o.put("priority", scan.priority);
		o.put("progress", scan.progressAt(now));
		o.put("current_phase", scan.phaseAt(now));
		o.put("eta_seconds", world.etaSeconds(scan, now));
		o.set("finding_summary", summary(world.findingsOfScan(scan.id), false));
		o.set("options", mapper.valueToTree(scan.options == null ? Map.of() : scan.options));
		o.put("callback_url", scan.callbackUrl);
		o.put("created_at", time(scan.createdAt));
		o.put("started_at", time(scan.startedAt));
		o.put("completed_at", time(scan.endedAt));
		Long duration = SandboxWorld.durationSeconds(scan);
		if (duration == null) {
			o.putNull("duration_seconds");
		}
		else {
			o.put("duration_seconds", duration);
		}
		long estimateSeconds = (scan.plan.durationMillis() + 999) / 1000;
		if (dialect == SandboxDialect.REFERENCE) {
			o.put("estimated_duration_minutes", Math.max(1, (estimateSeconds + 59) / 60));
		}
		else {
			o.put("estimated_duration", estimateSeconds);
		}
		if (SandboxScan.FAILED.equals(scan.status)) {
			o.put("error", scan.error);
		}
		return o;
	}

	ObjectNode scanStatus(SandboxScan scan, long now) {
		ObjectNode o = JSON.objectNode();
		o.put("scan_id", scan.id);
		o.put("status", scan.status);
		o.put("progress", scan.progressAt(now));
		o.put(dialect == SandboxDialect.REFERENCE ? "current_phase" : "phase", scan.phaseAt(now));
		o.put("eta_seconds", world.etaSeconds(scan, now));
		if (SandboxScan.FAILED.equals(scan.status)) {
			o.put("error", scan.error);
		}
		return o;
	}

	ObjectNode asset(SandboxAsset asset) {
		ObjectNode o = JSON.objectNode();
		o.put("id", asset.id());
		o.put("name", asset.name());
		o.put("type", asset.type());
		o.put("status", asset.status());
		o.put("verified", asset.verified());
		o.put("risk_score", asset.riskScore());
		ArrayNode tags = o.putArray("tags");
		asset.tags().forEach(tags::add);
		SandboxScan latest = world.latestScanOf(asset.id());
		o.put("last_scan", latest == null ? null : time(latest.createdAt));
		o.put("created_at", time(asset.createdAt()));
		o.put("updated_at", time(asset.updatedAt()));
		ObjectNode metadata = o.putObject("metadata");
		metadata.put("registrar", asset.registrar());
		ArrayNode ips = metadata.putArray("ip_addresses");
		asset.ipAddresses().forEach(ips::add);
		ArrayNode tech = metadata.putArray("technologies");
		asset.technologies().forEach(tech::add);
		o.set("finding_summary", summary(world.findingsOfAsset(asset.id()), true));
		return o;
	}

	ObjectNode finding(SandboxFinding finding) {
		FindingTemplate t = finding.template();
		SandboxAsset asset = world.assets.get(finding.assetId);
		ObjectNode o = JSON.objectNode();
		o.put("id", finding.id);
		o.put("title", t.title());
		o.put("severity", t.severity());
		o.put("cvss", t.cvss());
		o.put("cvss_vector", t.cvssVector());
		o.put("cwe", t.cwe());
		o.put("status", finding.status);
		o.put("category", t.category());
		ObjectNode ref = o.putObject("asset");
		ref.put("id", asset.id());
		ref.put("name", asset.name());
		ref.put("type", asset.type());
		o.put("scan_id", finding.scanId);
		o.put("description", t.description());
		o.put("remediation", t.remediation());
		ArrayNode refs = o.putArray("references");
		t.references().forEach(refs::add);
		o.put("note", finding.note);
		o.put(dialect == SandboxDialect.REFERENCE ? "discovered_at" : "created_at", time(finding.discoveredAt));
		o.put("updated_at", time(finding.updatedAt));
		return o;
	}

	/**
	 * Counts by severity. For an asset only unresolved findings (open or confirmed) count: that is what its risk
	 * is made of; a scan's summary counts everything it found.
	 */
	static ObjectNode summary(List<SandboxFinding> findings, boolean unresolvedOnly) {
		int[] counts = new int[SEVERITIES.size()];
		for (SandboxFinding f : findings) {
			if (!unresolvedOnly || "open".equals(f.status) || "confirmed".equals(f.status)) {
				counts[SEVERITIES.indexOf(f.template().severity())]++;
			}
		}
		ObjectNode o = JSON.objectNode();
		for (int i = 0; i < counts.length; i++) {
			o.put(SEVERITIES.get(i), counts[i]);
		}
		return o;
	}

	static ObjectNode error(ApiError e) {
		ObjectNode body = JSON.objectNode();
		body.put("status", "error");
		ObjectNode error = body.putObject("error");
		error.put("code", e.code);
		error.put("message", e.getMessage());
		ObjectMapper plain = SandboxServer.MAPPER;
		e.extras.forEach((k, v) -> error.set(k, plain.valueToTree(v)));
		e.topLevel.forEach((k, v) -> body.set(k, plain.valueToTree(v)));
		return body;
	}

}
