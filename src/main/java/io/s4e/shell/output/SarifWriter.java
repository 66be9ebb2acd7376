package io.s4e.shell.output;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Severity;

/**
 * Writes findings as a SARIF 2.1.0 log: one run, tool {@code s4e-shell}, one rule per distinct finding template
 * (CWE + title), one result per finding.
 * <p>
 * Why a temporary file: a run's {@code tool.driver.rules} conventionally precede its {@code results} (readers that
 * stream the log, and people, expect the rules first), yet the rules are only known once every finding has been
 * seen, and the findings arrive as a one-shot stream that may be far too large to hold. So results are written, as
 * they arrive, into a temporary file (owner-only permissions, deleted afterwards) while the distinct rules are
 * collected in memory; then the log is written with the rules, and the results are copied token by token from the
 * file. Memory is bounded by the number of distinct rules, not findings; the source is read exactly once. (Writing
 * {@code results} before {@code tool} would also be valid JSON, but surprises readers; re-iterating the source would
 * mean fetching every page from the server twice.)
 */
final class SarifWriter {

	static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

	static final String TOOL_NAME = "s4e-shell";

	static final String FINGERPRINT_KEY = "s4eFindingId/v1";

	private static final Pattern CWE = Pattern.compile("(?i)^\\s*(?:cwe)?[-_: ]*(\\d+)\\s*$");

	private static final Pattern DOMAIN = Pattern
		.compile("(?i)^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\.?$");

	/** Nesting of the results array's elements in the log: log object, runs array, run object, results array. */
	private static final int RESULTS_DEPTH = 3;

	private final RenderOptions options;

	private final Path tempDir;

	/** Distinct rules by template key, in order of first appearance (which is also their index). */
	private final Map<String, Rule> rules = new LinkedHashMap<>();

	private final Map<String, String> keyByRuleId = new LinkedHashMap<>();

	/**
	 * Per-finding work that depends only on a value repeated across findings (an asset's name, a CWE spelling),
	 * remembered: a large export has many findings per asset. Bounded: cleared when full.
	 */
	private final Map<String, String> artifactUris = new HashMap<>();

	private final Map<String, String> cwes = new HashMap<>();

	private static final int CACHE_LIMIT = 4096;

	/** What the caches hold for "no value": a distinct instance, told apart by identity. */
	private static final String NONE = new String("");

	/** @param tempDir where the results are staged; {@code null} for the system temporary directory */
	SarifWriter(RenderOptions options, Path tempDir) {
		this.options = options;
		this.tempDir = tempDir;
	}

	/** Writes the log for all findings; returns the number of results. */
	long write(Iterator<?> findings, Writer out) throws IOException {
		Path staged = tempDir == null ? Files.createTempFile("s4e-sarif-", ".json")
				: Files.createTempFile(tempDir, "s4e-sarif-", ".json");
		try {
			long count = stageResults(findings, staged);
			writeLog(staged, out);
			return count;
		}
		finally {
			Files.deleteIfExists(staged);
		}
	}

	private long stageResults(Iterator<?> findings, Path staged) throws IOException {
		long count = 0;
		// Staged as chars, the form the log's writer takes: copying them into the log then needs no character
		// decoder, and writing them no encoder (each was a pass over every character, which a large log notices).
		try (CharSpool file = CharSpool.create(staged); JsonGenerator gen = ModelJson.surrogateEscapingGenerator(file)) {
			// Indented as the results array will sit in the log, so that the log copies it as it is.
			DefaultIndenter indenter = new NestedIndenter(RESULTS_DEPTH);
			gen.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
			gen.writeStartArray();
			while (findings.hasNext()) {
				Object row = findings.next();
				if (!(row instanceof Finding finding)) {
					throw new OutputException("sarif output is for findings; got "
							+ (row == null ? "null" : row.getClass().getSimpleName()));
				}
				writeResult(gen, finding, ruleFor(finding));
				count++;
			}
			gen.writeEndArray();
		}
		return count;
	}

	private void writeLog(Path staged, Writer out) throws IOException {
		try (JsonGenerator gen = ModelJson.generator(out, true)) {
			writeLog(staged, gen);
		}
	}

	private void writeLog(Path staged, JsonGenerator gen) throws IOException {
		gen.writeStartObject();
		gen.writeStringField("$schema", SCHEMA_URI);
		gen.writeStringField("version", "2.1.0");
		gen.writeArrayFieldStart("runs");
		gen.writeStartObject();
		gen.writeObjectFieldStart("tool");
		gen.writeObjectFieldStart("driver");
		gen.writeStringField("name", TOOL_NAME);
		gen.writeStringField("version", options.toolVersion());
		gen.writeArrayFieldStart("rules");
		for (Rule rule : rules.values()) {
			writeRule(gen, rule);
		}
		gen.writeEndArray();
		gen.writeEndObject(); // driver
		gen.writeEndObject(); // tool
		gen.writeFieldName("results");
		// The staged array is already written by the same factory (escapes) and indented for this depth: copy
		// it chunk by chunk, never all in memory and without parsing and writing it a second time.
		try (CharSpool.Reader file = CharSpool.open(staged)) {
			char[] chunk = new char[CharSpool.CHUNK_CHARS];
			boolean first = true;
			for (int n; (n = file.read(chunk)) > 0;) {
				if (first) {
					gen.writeRawValue(chunk, 0, n); // the value of "results", after its separator
					first = false;
				}
				else {
					gen.writeRaw(chunk, 0, n);
				}
			}
			if (first) {
				throw new IOException("staged SARIF results are empty");
			}
		}
		gen.writeEndObject(); // run
		gen.writeEndArray();
		gen.writeEndObject();
		gen.writeRaw('\n');
		gen.flush();
	}

	private Rule ruleFor(Finding f) {
		String cwe = f.cwe() == null ? null : remembered(cwes, f.cwe(), SarifWriter::normalizedCwe);
		String title = f.title() == null || f.title().isBlank() ? "Untitled finding" : f.title();
		String key = (cwe == null ? "" : cwe) + '\u0000' + title;
		Rule rule = rules.get(key);
		if (rule == null) {
			String id = uniqueRuleId(cwe, title, key);
			rule = new Rule(rules.size(), id, title, cwe, f);
			rules.put(key, rule);
			keyByRuleId.put(id, key);
		}
		rule.seen(f);
		return rule;
	}

	/** {@code CWE-89/sql-injection-in-login-form}, or {@code s4e/<slug>} without a CWE; unique within the run. */
	private String uniqueRuleId(String cwe, String title, String key) {
		String id = (cwe != null ? cwe : "s4e") + "/" + slug(title);
		String holder = keyByRuleId.get(id);
		if (holder != null && !holder.equals(key)) {
			// Two titles that slug the same ("SQL injection!" / "SQL injection?") stay distinct rules.
			id = id + "-" + shortHash(key);
		}
		return id;
	}

	private void writeRule(JsonGenerator gen, Rule rule) throws IOException {
		gen.writeStartObject();
		gen.writeStringField("id", rule.id);
		gen.writeStringField("name", pascalCase(rule.title));
		gen.writeObjectFieldStart("shortDescription");
		gen.writeStringField("text", rule.title);
		gen.writeEndObject();
		gen.writeObjectFieldStart("fullDescription");
		gen.writeStringField("text", notBlank(rule.description) ? rule.description : rule.title);
		gen.writeEndObject();
		String help = helpText(rule);
		if (help != null) {
			gen.writeObjectFieldStart("help");
			gen.writeStringField("text", help);
			gen.writeEndObject();
		}
		String helpUri = firstAbsoluteUri(rule.references);
		if (helpUri != null) {
			gen.writeStringField("helpUri", helpUri);
		}
		gen.writeObjectFieldStart("defaultConfiguration");
		gen.writeStringField("level", level(rule.severity));
		gen.writeEndObject();
		gen.writeObjectFieldStart("properties");
		gen.writeStringField("security-severity", securitySeverity(rule));
		gen.writeArrayFieldStart("tags");
		Set<String> tags = new LinkedHashSet<>();
		tags.add("security");
		if (rule.cwe != null) {
			tags.add(rule.cwe);
			tags.add("external/cwe/" + rule.cwe.toLowerCase(Locale.ROOT));
		}
		if (notBlank(rule.category)) {
			tags.add(rule.category);
		}
		for (String tag : tags) {
			gen.writeString(tag);
		}
		gen.writeEndArray();
		gen.writeEndObject();
		gen.writeEndObject();
	}

	private void writeResult(JsonGenerator gen, Finding f, Rule rule) throws IOException {
		gen.writeStartObject();
		gen.writeStringField("ruleId", rule.id);
		gen.writeNumberField("ruleIndex", rule.index);
		gen.writeStringField("level", level(f.severity()));
		gen.writeObjectFieldStart("message");
		String where = f.assetName() != null ? f.assetName() : f.assetId();
		gen.writeStringField("text", notBlank(where) ? rule.title + " on " + where : rule.title);
		gen.writeEndObject();
		if (f.asset() != null && (notBlank(f.assetName()) || notBlank(f.assetId()))) {
			gen.writeArrayFieldStart("locations");
			gen.writeStartObject();
			String uri = f.assetName() == null ? null
					: remembered(artifactUris, f.assetName(), SarifWriter::artifactUri);
			if (uri != null) {
				gen.writeObjectFieldStart("physicalLocation");
				gen.writeObjectFieldStart("artifactLocation");
				gen.writeStringField("uri", uri);
				gen.writeEndObject();
				gen.writeEndObject();
			}
			gen.writeArrayFieldStart("logicalLocations");
			gen.writeStartObject();
			gen.writeStringField("name", notBlank(f.assetName()) ? f.assetName() : f.assetId());
			if (notBlank(f.assetId())) {
				gen.writeStringField("fullyQualifiedName", f.assetId());
			}
			gen.writeStringField("kind", "resource");
			if (notBlank(f.asset().type())) {
				gen.writeObjectFieldStart("properties");
				gen.writeStringField("asset_type", f.asset().type());
				gen.writeEndObject();
			}
			gen.writeEndObject();
			gen.writeEndArray();
			gen.writeEndObject();
			gen.writeEndArray();
		}
		if (notBlank(f.id())) {
			gen.writeObjectFieldStart("partialFingerprints");
			gen.writeStringField(FINGERPRINT_KEY, f.id());
			gen.writeEndObject();
		}
		gen.writeObjectFieldStart("properties");
		ModelJson.writeIfPresent(gen, "finding_id", f.id());
		ModelJson.writeIfPresent(gen, "severity", f.severity());
		ModelJson.writeIfPresent(gen, "status", f.status());
		if (f.cvss() != null) {
			gen.writeNumberField("cvss", f.cvss());
		}
		ModelJson.writeIfPresent(gen, "cvss_vector", f.cvssVector());
		ModelJson.writeIfPresent(gen, "scan_id", f.scanId());
		ModelJson.writeIfPresent(gen, "asset_id", f.assetId());
		ModelJson.writeIfPresent(gen, "discovered_at", f.discoveredAt());
		gen.writeEndObject();
		gen.writeEndObject();
	}

	/** {@code compute(key)} (null allowed), remembered in a map that is cleared when it reaches its limit. */
	private static String remembered(Map<String, String> cache, String key, Function<String, String> compute) {
		String value = cache.get(key);
		if (value == null) {
			if (cache.size() >= CACHE_LIMIT) {
				cache.clear();
			}
			String computed = compute.apply(key);
			cache.put(key, computed == null ? NONE : computed);
			return computed;
		}
		return value == NONE ? null : value;
	}

	/** critical/high -> error, medium -> warning, low/info -> note; unknown severities get SARIF's default. */
	static String level(String severity) {
		if (severity != null) {
			// The wire values as the API sends them, without parsing (this runs once per finding).
			switch (severity) {
				case "critical", "high":
					return "error";
				case "medium":
					return "warning";
				case "low", "info":
					return "note";
				default:
					break;
			}
		}
		return Severity.parse(severity).map(s -> switch (s) {
			case CRITICAL, HIGH -> "error";
			case MEDIUM -> "warning";
			case LOW, INFO -> "note";
		}).orElse("warning");
	}

	/**
	 * The highest CVSS score among the rule's findings, e.g. {@code "9.8"}. Without any score, the lower bound of
	 * the severity's band as code-scanning tools read it (critical 9.0, high 7.0, medium 4.0, low 0.1, info 0.0),
	 * so the rule still sorts and displays at the right severity.
	 */
	private static String securitySeverity(Rule rule) {
		if (rule.maxCvss != null) {
			return ModelFields.cvss(rule.maxCvss);
		}
		return Severity.parse(rule.severity).map(s -> switch (s) {
			case CRITICAL -> "9.0";
			case HIGH -> "7.0";
			case MEDIUM -> "4.0";
			case LOW -> "0.1";
			case INFO -> "0.0";
		}).orElse("0.0");
	}

	private static String helpText(Rule rule) {
		StringBuilder help = new StringBuilder();
		if (notBlank(rule.remediation)) {
			help.append(rule.remediation);
		}
		if (!rule.references.isEmpty()) {
			if (help.length() > 0) {
				help.append("\n\n");
			}
			help.append("References:");
			for (String ref : rule.references) {
				help.append("\n- ").append(ref);
			}
		}
		return help.length() == 0 ? null : help.toString();
	}

	/** The asset name as an artifact URI when it is an absolute http(s) URL or a bare domain name; else none. */
	static String artifactUri(String assetName) {
		if (assetName == null) {
			return null;
		}
		String name = assetName.trim();
		if (DOMAIN.matcher(name).matches()) {
			return name;
		}
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http://") || lower.startsWith("https://")) {
			try {
				URI uri = new URI(name);
				return uri.getHost() != null ? uri.toASCIIString() : null;
			}
			catch (URISyntaxException e) {
				return null;
			}
		}
		return null;
	}

	private static String firstAbsoluteUri(List<String> references) {
		for (String ref : references) {
			String uri = artifactUri(ref);
			if (uri != null && uri.contains("://")) {
				return uri;
			}
		}
		return null;
	}

	static String normalizedCwe(String cwe) {
		if (cwe == null || cwe.isBlank()) {
			return null;
		}
		Matcher m = CWE.matcher(cwe);
		return m.matches() ? "CWE-" + Integer.parseInt(m.group(1)) : "CWE-" + slug(cwe);
	}

	static String slug(String text) {
		String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
		String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (slug.length() > 60) {
			slug = slug.substring(0, 60).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? "finding" : slug;
	}

	private static String pascalCase(String title) {
		StringBuilder name = new StringBuilder();
		for (String word : slug(title).split("-")) {
			if (!word.isEmpty()) {
				name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		return name.toString();
	}

	private static String shortHash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is always available", e);
		}
	}

	private static boolean notBlank(String s) {
		return s != null && !s.isBlank();
	}

	/** What a rule keeps: text from the first finding of its template, and the worst CVSS seen. */
	private static final class Rule {

		final int index;

		final String id;

		final String title;

		final String cwe;

		final String description;

		final String remediation;

		final String category;

		final List<String> references;

		String severity;

		Double maxCvss;

		Rule(int index, String id, String title, String cwe, Finding first) {
			this.index = index;
			this.id = id;
			this.title = title;
			this.cwe = cwe;
			this.description = first.description();
			this.remediation = first.remediation();
			this.category = first.category();
			this.references = new ArrayList<>(first.references());
			this.severity = first.severity();
		}

		void seen(Finding f) {
			if (f.cvss() != null && (maxCvss == null || f.cvss() > maxCvss)) {
				maxCvss = f.cvss();
			}
			if (f.severity() != null && !f.severity().equals(severity)
					&& Severity.rank(f.severity()) < Severity.rank(severity)) {
				severity = f.severity();
			}
		}

	}

	/** Two-space indents, as the log's, shifted by a fixed depth. */
	private static final class NestedIndenter extends DefaultIndenter {

		private final int depth;

		NestedIndenter(int depth) {
			super("  ", "\n");
			this.depth = depth;
		}

		@Override
		public void writeIndentation(JsonGenerator g, int level) throws IOException {
			super.writeIndentation(g, level + depth);
		}

	}

}
