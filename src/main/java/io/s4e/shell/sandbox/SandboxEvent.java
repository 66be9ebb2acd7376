package io.s4e.shell.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern ID = Pattern.compile("(?:evt-)?(\\d{1,18})(?:-hb-\\d{1,18})?");

	/**
	 * Parses {@code evt-<n>}, a heartbeat's {@code evt-<n>-hb-<k>} (or a bare number) to its sequence; -1 when it
	 * is not one of ours.
	 */
	static long sequenceOf(String id) {
		if (id == null) {
			return -1;
		}
		Matcher m = ID.matcher(id.trim());
		return m.matches() ? Long.parseLong(m.group(1)) : -1;
	}

}
