package io.s4e.shell.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Body of {@code POST /api/scan/create}. The server decides which scan types and options are valid. */
public record CreateScanRequest(String assetId, String scanType, String priority, Map<String, Object> options,
		String callbackUrl) {

	public CreateScanRequest {
		if (assetId == null || assetId.isBlank()) {
			throw new UsageException("A scan needs an asset: give --asset ID (or `use asset ID` first).");
		}
		if (scanType == null || scanType.isBlank()) {
			throw new UsageException("A scan needs a type: give --type, e.g. quick or full.");
		}
		options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
	}

	public static CreateScanRequest of(String assetId, String scanType) {
		return new CreateScanRequest(assetId, scanType, null, null, null);
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("asset_id", assetId);
		body.put("scan_type", scanType);
		if (!options.isEmpty()) {
			body.put("options", options);
		}
		if (priority != null) {
			body.put("priority", priority);
		}
		if (callbackUrl != null) {
			body.put("callback_url", callbackUrl);
		}
		return body;
	}

}
