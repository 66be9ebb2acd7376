package io.s4e.shell.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of {@code -o/--output}. */
public enum OutputFormat {

	TABLE("table", "text", "plain"), JSON("json"), JSONL("jsonl", "ndjson", "json-lines", "jsonlines"), CSV("csv"),
	YAML("yaml", "yml"), SARIF("sarif");

	private final String wireName;

	private final String[] aliases;

	OutputFormat(String wireName, String... aliases) {
		this.wireName = wireName;
		this.aliases = aliases;
	}

	/** The name users type, e.g. {@code json}. */
	public String wireName() {
		return wireName;
	}

	/** Whether this format is meant for machines (no colour, no width fitting, no truncation). */
	public boolean isMachineReadable() {
		return this != TABLE;
	}

	/**
	 * Parses a user's value leniently: case and surrounding blanks are ignored, a leading dot or dashes dropped
	 * ({@code .JSON}, {@code --yaml}), and aliases such as {@code yml} or {@code ndjson} accepted.
	 *
	 * @throws OutputException naming the allowed values when nothing matches
	 */
	public static OutputFormat parse(String value) {
		if (value == null || value.isBlank()) {
			throw new OutputException("missing output format; allowed: " + allowedValues());
		}
		String v = value.trim().toLowerCase(Locale.ROOT).replaceFirst("^[.\\-]+", "").replace('_', '-');
		for (OutputFormat format : values()) {
			if (format.wireName.equals(v) || Arrays.asList(format.aliases).contains(v)) {
				return format;
			}
		}
		throw new OutputException("unknown output format '" + value.trim() + "'; allowed: " + allowedValues());
	}

	/** {@code table, json, jsonl, csv, yaml, sarif}: for help texts and completion. */
	public static String allowedValues() {
		return Arrays.stream(values()).map(OutputFormat::wireName).collect(Collectors.joining(", "));
	}

}
