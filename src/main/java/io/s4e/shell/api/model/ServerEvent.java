package io.s4e.shell.api.model;

import java.util.Map;

/** One event from the event stream: its id, name ({@code scan.progress}, ...) and bare JSON data. */
public record ServerEvent(String id, String event, Map<String, Object> data) {

	public ServerEvent {
		data = Frozen.map(data);
	}

	public String string(String key) {
		Object v = data.get(key);
		return v == null ? null : String.valueOf(v);
	}

	public Integer integer(String key) {
		Object v = data.get(key);
		if (v instanceof Number n) {
			return n.intValue();
		}
		try {
			return v == null ? null : Integer.valueOf(String.valueOf(v));
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

}
