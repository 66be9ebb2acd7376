package io.s4e.shell.api.model;

import java.util.List;

/** Documented enum values, the union of every S4E document, offered by completion and help. */
public final class Vocabulary {

	/** Union of the reference page and the trigger-scan guide. */
	public static final List<String> SCAN_TYPES = List.of("full", "quick", "custom", "api_discovery", "ssl", "dns",
			"port", "web_app", "network", "api");

	public static final List<String> PRIORITIES = List.of("low", "normal", "high");

	public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

	/** Union of the reference vocabulary and the findings guide's. */
	public static final List<String> FINDING_STATUSES = List.of("open", "confirmed", "resolved", "false_positive",
			"accepted_risk", "accepted");

	public static final List<String> ASSET_TYPES = List.of("domain", "ip", "url", "network");

	public static final List<String> ASSET_STATUSES = List.of("active", "inactive", "pending_verification");

	public static final List<String> FINDING_SORT_FIELDS = List.of("severity", "cvss", "discovered_at", "created_at",
			"title");

	public static final List<String> ASSET_SORT_FIELDS = List.of("name", "type", "created_at", "risk_score");

	public static final List<String> SORT_ORDERS = List.of("asc", "desc");

	private Vocabulary() {
	}

}
