package io.s4e.shell.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated sections of docs/reliability.md between {@code <!-- NAME:start -->} and {@code <!-- NAME:end -->}. */
final class ReliabilityDoc {

	static final Path FILE = Path.of("docs/reliability.md");

	private ReliabilityDoc() {
	}

	static synchronized void replaceSection(String name, String content) throws IOException {
		String start = "<!-- " + name + ":start -->";
		String end = "<!-- " + name + ":end -->";
		String doc = Files.readString(FILE, StandardCharsets.UTF_8);
		int a = doc.indexOf(start);
		int b = doc.indexOf(end);
		if (a < 0 || b < a) {
			throw new IllegalStateException(FILE + " lacks the markers " + start + " and " + end);
		}
		String updated = doc.substring(0, a + start.length()) + "\n" + content.strip() + "\n" + doc.substring(b);
		if (!updated.equals(doc)) {
			Files.writeString(FILE, updated, StandardCharsets.UTF_8);
		}
	}

}
