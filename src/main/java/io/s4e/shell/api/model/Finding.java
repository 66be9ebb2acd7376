package io.s4e.shell.api.model;

import java.util.List;
import java.util.Map;

/**
 * A finding from a scan's results or the findings endpoints.
 *
 * @param discoveredAt {@code discovered_at}, or {@code created_at} where the server uses that name
 */
public record Finding(String id, String title, String severity, Double cvss, String cvssVector, String cwe,
		String status, String category, AssetRef asset, String scanId, String description, String remediation,
		List<String> references, String note, String discoveredAt, String updatedAt, Map<String, Object> extra) {

	public Finding {
		references = references == null ? List.of() : List.copyOf(references);
		extra = Frozen.map(extra);
	}

	public String assetId() {
		return asset == null ? null : asset.id();
	}

	public String assetName() {
		return asset == null ? null : asset.name();
	}

}
