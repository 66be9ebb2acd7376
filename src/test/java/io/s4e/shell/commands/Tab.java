package io.s4e.shell.commands;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.ExtendedDefaultParser;

/**
 * TAB as the interactive shell does it: the line is split by Spring Shell's JLine parser with the cursor at the
 * end, Spring Shell's completer asks the commands' completion providers, and what JLine would then show is the
 * candidates whose value starts with the word under the cursor.
 */
public final class Tab {

	private final CommandCompleter completer;

	public Tab(CommandCompleter completer) {
		this.completer = completer;
	}

	/** Every candidate the completer produced, before JLine's own prefix match. */
	public List<Candidate> raw(String line) {
		ParsedLine parsed = new ExtendedDefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
		List<Candidate> out = new ArrayList<>();
		completer.complete(null, parsed, out);
		return out;
	}

	/** What TAB shows: the candidates matching the word being typed. */
	public List<Candidate> shown(String line) {
		ParsedLine parsed = new ExtendedDefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
		String word = parsed.word().substring(0, parsed.wordCursor());
		return raw(line).stream().filter(c -> c.value().startsWith(word)).toList();
	}

	public List<String> values(String line) {
		return shown(line).stream().map(Candidate::value).toList();
	}

}
