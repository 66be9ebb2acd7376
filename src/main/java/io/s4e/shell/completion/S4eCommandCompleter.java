package io.s4e.shell.completion;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.shell.jline.CommandCompleter;

/**
 * TAB for a command line. The stock completer finds the command by joining every word up to the first option, so
 * once a positional word is typed ({@code scan show sc-44<TAB>}, {@code finding triage f-1 --status <TAB>}) it
 * no longer recognises the command and offers command names instead. Here the command is the longest run of
 * leading words that names one; command names themselves are still completed by the stock code.
 */
public class S4eCommandCompleter extends CommandCompleter {

	private final CommandRegistry registry;

	public S4eCommandCompleter(CommandRegistry registry) {
		super(registry);
		this.registry = registry;
	}

	@Override
	public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
		List<String> words = line.words();
		int cursor = line.wordIndex();
		Command command = commandBefore(words, cursor);
		if (command == null) {
			super.complete(reader, line, candidates);
			return;
		}
		String current = cursor < words.size() ? words.get(cursor) : "";
		CommandOption option = optionBeingCompleted(command, words, cursor, current);
		if (option == null) {
			for (CommandOption o : command.getOptions()) {
				if (!present(o, words, cursor)) {
					candidates.add(new Candidate("--" + o.longName(), "--" + o.longName(), null, o.description(), null,
							null, true, 0));
				}
			}
		}
		CompletionProvider provider = command.getCompletionProvider();
		if (provider == null) {
			return;
		}
		List<CompletionProposal> proposals = provider
			.apply(new CompletionContext(words, cursor, line.wordCursor(), command, option));
		for (CompletionProposal p : proposals) {
			candidates.add(new Candidate(p.value(), p.displayText(), p.category(), p.description(), null, null,
					p.complete(), 0));
		}
	}

	/** The command named by the leading words before the cursor's word, or null while a name is being typed. */
	private Command commandBefore(List<String> words, int cursor) {
		for (int n = Math.min(cursor, words.size()); n >= 1; n--) {
			List<String> head = words.subList(0, n);
			if (head.stream().anyMatch(w -> w.startsWith("-"))) {
				continue;
			}
			Command c = registry.getCommandByName(String.join(" ", head));
			if (c != null) {
				return c;
			}
		}
		return null;
	}

	/** {@code --opt=<TAB>}, or the word after an option (a flag too: the provider then offers the rest). */
	private static CommandOption optionBeingCompleted(Command command, List<String> words, int cursor,
			String current) {
		if (current.startsWith("-") && current.contains("=")) {
			String name = current.substring(0, current.indexOf('='));
			return command.getOptions().stream().filter(o -> o.isOptionEqual(name)).findFirst().orElse(null);
		}
		if (current.startsWith("-") || cursor == 0) {
			return null;
		}
		String previous = words.get(cursor - 1);
		return command.getOptions().stream().filter(o -> o.isOptionEqual(previous)).findFirst().orElse(null);
	}

	private static boolean present(CommandOption o, List<String> words, int cursor) {
		for (int i = 0; i < words.size(); i++) {
			String w = words.get(i);
			if (i != cursor && (o.isOptionEqual(w) || w.startsWith("--" + o.longName() + "="))) {
				return true;
			}
		}
		return false;
	}

}
