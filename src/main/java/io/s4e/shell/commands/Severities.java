package io.s4e.shell.commands;

import java.util.ArrayList;
import java.util.List;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Severity;
import io.s4e.shell.api.model.Vocabulary;

/** Reads {@code --severity critical,high} and {@code --fail-on high}. */
final class Severities {

	private Severities() {
	}

	static List<String> parse(String commaList) {
		if (commaList == null || commaList.isBlank()) {
			return null;
		}
		List<String> out = new ArrayList<>();
		for (String part : commaList.split(",")) {
			String p = part.trim();
			if (p.isEmpty()) {
				continue;
			}
			out.add(one(p).wire());
		}
		return out;
	}

	static Severity one(String value) {
		return Severity.parse(value)
			.orElseThrow(() -> new UsageException("Unknown severity '" + value + "'. Use "
					+ String.join(", ", Vocabulary.SEVERITIES) + "."));
	}

}
