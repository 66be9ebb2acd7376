package io.s4e.shell.output;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;

/**
 * The view of one object ({@code scan show}, {@code finding show}): aligned {@code key: value} lines, then long text
 * (description, remediation, references) as indented blocks. Every value goes through {@link TerminalText}; long
 * values wrap at the terminal width.
 */
final class DetailWriter {

	private final RenderOptions options;

	private final Writer out;

	DetailWriter(RenderOptions options, Writer out) {
		this.options = options;
		this.out = out;
	}

	void write(Object value) throws IOException {
		Detail detail;
		if (value instanceof Scan scan) {
			detail = scan(scan);
		}
		else if (value instanceof Asset asset) {
			detail = asset(asset);
		}
		else if (value instanceof Finding finding) {
			detail = finding(finding);
		}
		else {
			detail = generic(ModelJson.tree(value));
		}
		print(detail);
		out.flush();
	}

	/** Lines of {@code label: value} plus titled blocks of free text. */
	private static final class Detail {

		final Map<String, String> lines = new LinkedHashMap<>();

		final Map<String, Tone> tones = new LinkedHashMap<>();

		final Map<String, List<String>> blocks = new LinkedHashMap<>();

		Detail line(String label, String value) {
			if (value != null && !value.isEmpty()) {
				lines.put(label, value);
			}
			return this;
		}

		Detail line(String label, String value, Tone tone) {
			line(label, value);
			tones.put(label, tone);
			return this;
		}

		Detail block(String title, String text) {
			if (text != null && !text.isBlank()) {
				blocks.put(title, List.of(text));
			}
			return this;
		}

		Detail list(String title, List<String> items) {
			if (!items.isEmpty()) {
				blocks.put(title, items);
			}
			return this;
		}

		void extra(Map<String, Object> extra) {
			for (Map.Entry<String, Object> e : extra.entrySet()) {
				if (e.getValue() != null) {
					line(e.getKey(), ModelFields.nodeText(ModelJson.tree(e.getValue())));
				}
			}
		}

	}

	private static Detail scan(Scan s) {
		Detail d = new Detail();
		d.line("ID", s.id());
		d.line("Asset", labelled(s.assetName(), s.assetId()));
		d.line("Type", s.scanType());
		d.line("Status", s.status(), Tone.status(s.status()));
		d.line("Priority", s.priority());
		d.line("Progress", s.progress() == null ? null : s.progress() + "%");
		d.line("Phase", s.currentPhase());
		d.line("ETA", s.etaSeconds() == null ? null : ModelFields.duration(s.etaSeconds()));
		d.line("Findings", summary(s.findingSummary()), ModelFields.worst(s.findingSummary()));
		d.line("Created", s.createdAt());
		d.line("Started", s.startedAt());
		d.line("Completed", s.completedAt());
		d.line("Duration", s.durationSeconds() == null ? null : ModelFields.duration(s.durationSeconds()));
		d.line("Estimated duration",
				s.estimatedDurationSeconds() == null ? null : ModelFields.duration(s.estimatedDurationSeconds()));
		d.line("Callback URL", s.callbackUrl());
		if (!s.options().isEmpty()) {
			d.line("Options", keyValues(s.options()));
		}
		d.line("Message", s.message());
		d.line("Error", s.error(), Tone.BAD);
		d.extra(s.extra());
		return d;
	}

	private static Detail asset(Asset a) {
		Detail d = new Detail();
		d.line("ID", a.id());
		d.line("Name", a.name());
		d.line("Type", a.type());
		d.line("Status", a.status(), Tone.status(a.status()));
		d.line("Verified", a.verified() == null ? null : (a.verified() ? "yes" : "no"));
		d.line("Risk score", a.riskScore() == null ? null : String.valueOf(a.riskScore()), Tone.risk(a.riskScore()));
		d.line("Tags", String.join(", ", a.tags()));
		d.line("Last scan", a.lastScan());
		d.line("Created", a.createdAt());
		d.line("Updated", a.updatedAt());
		d.line("Findings", summary(a.findingSummary()), ModelFields.worst(a.findingSummary()));
		for (Map.Entry<String, Object> e : a.metadata().entrySet()) {
			if (e.getValue() != null) {
				d.line(humanLabel(e.getKey()), ModelFields.nodeText(ModelJson.tree(e.getValue())));
			}
		}
		d.extra(a.extra());
		return d;
	}

	private static Detail finding(Finding f) {
		Detail d = new Detail();
		d.line("ID", f.id());
		d.line("Title", f.title());
		d.line("Severity", f.severity(), Tone.severity(f.severity()));
		String cvss = ModelFields.cvss(f.cvss());
		if (cvss != null && f.cvssVector() != null) {
			cvss = cvss + " (" + f.cvssVector() + ")";
		}
		d.line("CVSS", cvss != null ? cvss : f.cvssVector());
		d.line("CWE", f.cwe());
		d.line("Status", f.status(), Tone.status(f.status()));
		d.line("Category", f.category());
		if (f.asset() != null) {
			String ref = String.join(", ", nonEmpty(f.asset().id(), f.asset().type()));
			d.line("Asset", f.asset().name() == null ? ref : labelled(f.asset().name(), ref));
		}
		d.line("Scan", f.scanId());
		d.line("Discovered", f.discoveredAt());
		d.line("Updated", f.updatedAt());
		d.line("Note", f.note());
		d.extra(f.extra());
		d.block("Description", f.description());
		d.block("Remediation", f.remediation());
		d.list("References", f.references());
		return d;
	}

	private static Detail generic(JsonNode node) {
		Detail d = new Detail();
		if (!node.isObject()) {
			d.block("Value", ModelFields.nodeText(node));
			return d;
		}
		for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> e = it.next();
			d.line(e.getKey(), ModelFields.nodeText(e.getValue()));
		}
		return d;
	}

	private void print(Detail d) throws IOException {
		int labelWidth = 0;
		for (String label : d.lines.keySet()) {
			labelWidth = Math.max(labelWidth, TerminalText.width(TerminalText.safe(label)) + 1);
		}
		int valueColumn = labelWidth + 1;
		int valueWidth = options.terminalWidth() > 0 ? Math.max(20, options.terminalWidth() - valueColumn) : 0;
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, String> e : d.lines.entrySet()) {
			String label = TerminalText.safe(e.getKey()) + ":";
			Tone tone = d.tones.getOrDefault(e.getKey(), Tone.NONE);
			List<String> wrapped = wrap(TerminalText.safe(e.getValue()), valueWidth);
			for (int i = 0; i < wrapped.size(); i++) {
				String lead = i == 0 ? TerminalText.padRight(label, labelWidth) : " ".repeat(labelWidth);
				text.append(lead).append(' ').append(tone.paint(wrapped.get(i), options.color())).append('\n');
			}
		}
		int blockWidth = options.terminalWidth() > 0 ? Math.max(20, options.terminalWidth() - 2) : 0;
		for (Map.Entry<String, List<String>> block : d.blocks.entrySet()) {
			if (text.length() > 0) {
				text.append('\n');
			}
			text.append(Tone.HEADER.paint(block.getKey() + ":", options.color())).append('\n');
			boolean bulleted = block.getValue().size() > 1 || "References".equals(block.getKey());
			for (String item : block.getValue()) {
				String safe = TerminalText.safeMultiline(item);
				List<String> lines = wrap(safe, bulleted ? blockWidth - 2 : blockWidth);
				for (int i = 0; i < lines.size(); i++) {
					String lead = bulleted ? (i == 0 ? "  - " : "    ") : "  ";
					text.append(lines.get(i).isEmpty() ? "" : lead + lines.get(i)).append('\n');
				}
			}
		}
		out.write(text.toString());
	}

	/**
	 * Word-wraps at {@code width} columns (no wrapping when {@code width <= 0}); keeps existing line breaks, splits
	 * words longer than a line.
	 */
	static List<String> wrap(String text, int width) {
		List<String> lines = new ArrayList<>();
		for (String paragraph : text.split("\n", -1)) {
			if (width <= 0 || TerminalText.width(paragraph) <= width) {
				lines.add(paragraph);
				continue;
			}
			StringBuilder line = new StringBuilder();
			int used = 0;
			for (String word : paragraph.split(" ")) {
				int w = TerminalText.width(word);
				if (used > 0 && used + 1 + w > width) {
					lines.add(line.toString());
					line.setLength(0);
					used = 0;
				}
				while (w > width) { // a word longer than a line (URLs, hashes) is split hard
					if (used > 0) {
						lines.add(line.toString());
						line.setLength(0);
						used = 0;
					}
					int cut = cutIndex(word, width);
					lines.add(word.substring(0, cut));
					word = word.substring(cut);
					w = TerminalText.width(word);
				}
				if (used > 0) {
					line.append(' ');
					used++;
				}
				line.append(word);
				used += w;
			}
			lines.add(line.toString());
		}
		return lines;
	}

	private static int cutIndex(String word, int width) {
		int used = 0;
		int i = 0;
		while (i < word.length()) {
			int cp = word.codePointAt(i);
			int w = TerminalText.width(new String(Character.toChars(cp)));
			if (used + w > width) {
				break;
			}
			used += w;
			i += Character.charCount(cp);
		}
		return Math.max(i, Character.charCount(word.codePointAt(0)));
	}

	private static String summary(FindingSummary s) {
		return s == null ? null : s.compact() + " (" + s.total() + " total)";
	}

	private static String labelled(String name, String id) {
		if (name == null || name.isEmpty()) {
			return id;
		}
		return id == null || id.isEmpty() ? name : name + " (" + id + ")";
	}

	private static List<String> nonEmpty(String... values) {
		List<String> result = new ArrayList<>();
		for (String v : values) {
			if (v != null && !v.isEmpty()) {
				result.add(v);
			}
		}
		return result;
	}

	private static String keyValues(Map<String, Object> map) {
		List<String> parts = new ArrayList<>();
		map.forEach((k, v) -> parts.add(k + "=" + ModelFields.nodeText(ModelJson.tree(v))));
		return String.join(", ", parts);
	}

	/** {@code ip_addresses} -> {@code IP addresses}, {@code registrar} -> {@code Registrar}. */
	private static String humanLabel(String key) {
		String spaced = key.replace('_', ' ').replaceFirst("^ip ", "IP ");
		return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
	}

}
