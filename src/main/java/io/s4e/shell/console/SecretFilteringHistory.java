package io.s4e.shell.console;

import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

import org.jline.reader.LineReader;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * Command history that never records a line which looks like it carries a secret: a pasted token, a
 * {@code token=}/{@code Authorization}/{@code api key} assignment, or a long opaque string of the kind API keys are.
 * The token is never an argument of any command, but people paste things. The history lives in one file (under
 * the XDG state folder), whatever the reader was configured with.
 */
public class SecretFilteringHistory extends DefaultHistory {

	private static final Pattern SECRET = Pattern.compile("(?i)(s4e_(live|test)_|bearer\\s+\\S|authorization|"
			+ "x-api-key|api[_-]?key\\s*[=:]|token\\s*[=:]|password|secret\\s*[=:]|whsec_|"
			+ "(?<![A-Za-z0-9/_.-])[A-Za-z0-9+/_=-]{40,}(?![A-Za-z0-9/_.-]))");

	private final Path file;

	public SecretFilteringHistory(Path file) {
		this.file = file;
	}

	public Path file() {
		return file;
	}

	@Override
	public void attach(LineReader reader) {
		reader.setVariable(LineReader.HISTORY_FILE, file);
		super.attach(reader);
	}

	@Override
	public void add(Instant time, String line) {
		if (!carriesSecret(line)) {
			super.add(time, line);
		}
	}

	public static boolean carriesSecret(String line) {
		return line != null && SECRET.matcher(line).find();
	}

}
