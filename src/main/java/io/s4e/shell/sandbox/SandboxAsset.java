package io.s4e.shell.sandbox;

import java.util.List;

/**
 * A seeded asset. Immutable: the sandbox has no asset-editing endpoints.
 *
 * @param number position in the inventory (1-based); the reference ID is {@code a-(1000 + number)}
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 * @param unreachable scans of this asset fail during their first phase
 */
record SandboxAsset(String id, int number, String name, String type, String status, boolean verified, int riskScore,
		List<String> tags, long createdAt, long updatedAt, String registrar, List<String> ipAddresses,
		List<String> technologies, boolean unreachable) {

	SandboxAsset {
		tags = List.copyOf(tags);
		ipAddresses = List.copyOf(ipAddresses);
		technologies = List.copyOf(technologies);
	}

	boolean scannable() {
		return "active".equals(status);
	}

}
