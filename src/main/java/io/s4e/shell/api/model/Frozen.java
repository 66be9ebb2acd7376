package io.s4e.shell.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only copies that, unlike {@code Map.copyOf}, keep JSON nulls and key order. */
final class Frozen {

	private Frozen() {
	}

	static Map<String, Object> map(Map<String, Object> source) {
		if (source == null || source.isEmpty()) {
			return Map.of();
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(source));
	}

}
