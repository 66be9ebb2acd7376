package io.s4e.shell.api.model;

import java.util.List;
import java.util.Map;

/** A registered asset (domain, IP, URL, network). Unknown fields are kept in {@code extra}. */
public record Asset(String id, String name, String type, String status, Boolean verified, Integer riskScore,
		List<String> tags, String lastScan, String createdAt, String updatedAt, Map<String, Object> metadata,
		FindingSummary findingSummary, Map<String, Object> extra) {

	public Asset {
		tags = tags == null ? List.of() : List.copyOf(tags);
		metadata = Frozen.map(metadata);
		extra = Frozen.map(extra);
	}

}
