package io.s4e.shell.playbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.s4e.shell.api.UsageException;

/**
 * {@code args} in a playbook: the {@code --arg key=value} pairs of {@code run}, as strings ({@code args.tag}),
 * with typed and required reads: {@code args.require('asset')}, {@code args.integer('last', 5)},
 * {@code args.list('severity')}.
 */
public final class PlaybookArgs extends LinkedHashMap<String, String> {

	private final String playbook;

	PlaybookArgs(String playbook, Map<String, String> values) {
		super(values);
		this.playbook = playbook;
	}

	/** The value, or a usage error saying how to give it. */
	public String require(String name) {
		String v = get(name);
		if (v == null || v.isBlank()) {
			throw new UsageException(playbook + " needs --arg " + name + "=VALUE.");
		}
		return v;
	}

	public String text(String name, String fallback) {
		String v = get(name);
		return v == null || v.isBlank() ? fallback : v;
	}

	public int integer(String name, int fallback) {
		String v = get(name);
		if (v == null || v.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(v.trim());
		}
		catch (NumberFormatException e) {
			throw new UsageException("--arg " + name + " must be a whole number, not '" + v + "'.");
		}
	}

	public boolean flag(String name) {
		String v = get(name);
		return v != null && (v.isBlank() || v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
	}

	/** A comma-separated value as a list; empty when absent. */
	public List<String> list(String name) {
		String v = get(name);
		if (v == null || v.isBlank()) {
			return List.of();
		}
		return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

}
