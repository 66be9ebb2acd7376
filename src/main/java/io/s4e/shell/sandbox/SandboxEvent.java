package io.s4e.shell.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One server event, as sent on the event stream and in webhook deliveries.
 *
 * @param sequence the number in its id {@code evt-<sequence>}; monotonic across restarts
 * @param at epoch milliseconds
 * @param assetId the asset it concerns, for the stream's {@code asset_id} filter; null for heartbeats
 */
record SandboxEvent(long sequence, String type, long at, ObjectNode data, String assetId) {

	String id() {
		return "evt-" + sequence;
	}

	/** Parses {@code evt-<n>} (or a bare number) to its sequence; -1 when it is not one of ours. */
	static long sequenceOf(String id) {
		if (id == null) {
			return -1;
		}
		String digits = id.trim().startsWith("evt-") ? id.trim().substring(4) : id.trim();
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

}
