package io.s4e.shell.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.api.model.Vocabulary;
import io.s4e.shell.completion.LiveIdCache.IdCandidate;
import io.s4e.shell.completion.LiveIdCache.Kind;

/**
 * TAB for every s4e command: option values (enums from the documents, live asset/scan/finding IDs with names and
 * statuses as descriptions) and positional IDs. Runs on the prompt thread, so anything live comes from
 * {@link LiveIdCache}, which never waits long. Handles {@code --opt=<TAB>} (proposals keep the {@code --opt=}
 * prefix) and comma lists such as {@code --severity critical,<TAB>}.
 */
public final class ShellCompletionProvider implements CompletionProvider {

	/** Commands whose first positional argument is an ID of a kind. */
	private static final Map<String, Kind> POSITIONAL_IDS = Map.ofEntries(Map.entry("scan show", Kind.SCANS),
			Map.entry("scan status", Kind.SCANS), Map.entry("scan cancel", Kind.SCANS),
			Map.entry("scan results", Kind.SCANS), Map.entry("scan watch", Kind.SCANS),
			Map.entry("asset show", Kind.ASSETS), Map.entry("use asset", Kind.ASSETS),
			Map.entry("finding show", Kind.FINDINGS), Map.entry("finding triage", Kind.FINDINGS));

	/** Keys the documents give for {@code --option key=value}. */
	static final List<String> SCAN_OPTION_KEYS = List.of("depth", "include_subdomains", "categories",
			"follow_redirects", "max_depth", "timeout", "enable_bruteforce");

	private final LiveIdCache ids;

	private final Supplier<List<String>> profiles;

	public ShellCompletionProvider(LiveIdCache ids, Supplier<List<String>> profiles) {
		this.ids = ids;
		this.profiles = profiles;
	}

	@Override
	public List<CompletionProposal> apply(CompletionContext ctx) {
		Command command = ctx.getCommand();
		if (command == null) {
			return List.of();
		}
		String name = command.getName();
		String word = ctx.currentWordUpToCursor() == null ? "" : ctx.currentWordUpToCursor();
		CommandOption option = ctx.getCommandOption();
		String prefix = "";
		if (word.startsWith("--") && word.contains("=")) {
			prefix = word.substring(0, word.indexOf('=') + 1);
			word = word.substring(prefix.length());
		}
		if (option != null && !isBoolean(option)) {
			return withPrefix(valuesFor(name, option.longName(), word), prefix);
		}
		if (word.startsWith("-")) {
			return List.of();
		}
		List<CompletionProposal> out = new ArrayList<>();
		if (option != null) {
			// After a flag such as --wait the stock completer offers nothing: offer the remaining options.
			for (CommandOption o : command.getOptions()) {
				if (!ctx.getWords().contains("--" + o.longName())) {
					out.add(new CompletionProposal("--" + o.longName()).description(o.description()));
				}
			}
		}
		Kind kind = POSITIONAL_IDS.get(name);
		if (kind != null && positionalCount(ctx) == 0) {
			if (kind == Kind.SCANS) {
				out.add(new CompletionProposal("last").description("the last scan of this session"));
			}
			out.addAll(live(kind, word));
		}
		if (name.equals("profile use")) {
			profiles.get().forEach(p -> out.add(new CompletionProposal(p)));
		}
		if (name.equals("use")) {
			out.add(new CompletionProposal("asset").description("set the default --asset"));
			out.add(new CompletionProposal("none").description("clear the default asset"));
		}
		return out;
	}

	List<CompletionProposal> valuesFor(String command, String option, String word) {
		return switch (option) {
			case "asset" -> live(Kind.ASSETS, word);
			case "scan" -> live(Kind.SCANS, word);
			case "type" -> words(command.startsWith("asset") ? Vocabulary.ASSET_TYPES : Vocabulary.SCAN_TYPES, word);
			case "status" -> words(command.startsWith("scan") ? ScanState.ALL
					: command.startsWith("asset") ? Vocabulary.ASSET_STATUSES : Vocabulary.FINDING_STATUSES, word);
			case "priority" -> words(Vocabulary.PRIORITIES, word);
			case "severity" -> commaList(Vocabulary.SEVERITIES, word);
			case "fail-on" -> words(Vocabulary.SEVERITIES, word);
			case "output" -> words(List.of("table", "json", "jsonl", "csv", "yaml", "sarif"), word);
			case "sort-by" -> words(command.startsWith("asset") ? Vocabulary.ASSET_SORT_FIELDS
					: Vocabulary.FINDING_SORT_FIELDS, word);
			case "sort-order" -> words(Vocabulary.SORT_ORDERS, word);
			case "option" -> SCAN_OPTION_KEYS.stream()
				.filter(k -> k.startsWith(word))
				.map(k -> new CompletionProposal(k + "=").complete(false))
				.toList();
			case "profile" -> words(profiles.get(), word);
			default -> List.of();
		};
	}

	private List<CompletionProposal> live(Kind kind, String word) {
		List<CompletionProposal> out = new ArrayList<>();
		for (IdCandidate c : ids.candidates(kind)) {
			if (c.id() != null && c.id().startsWith(word)) {
				out.add(new CompletionProposal(c.id()).description(c.description()));
			}
		}
		return out;
	}

	private static List<CompletionProposal> words(List<String> values, String word) {
		return values.stream().filter(v -> v.startsWith(word)).map(CompletionProposal::new).toList();
	}

	/** {@code critical,hi<TAB>} completes the last element and keeps the ones before it. */
	private static List<CompletionProposal> commaList(List<String> values, String word) {
		int comma = word.lastIndexOf(',');
		String head = comma < 0 ? "" : word.substring(0, comma + 1);
		String last = word.substring(comma + 1);
		List<String> already = List.of(head.split(","));
		return values.stream()
			.filter(v -> v.startsWith(last) && !already.contains(v))
			.map(v -> new CompletionProposal(head + v).displayText(v).complete(false))
			.toList();
	}

	private static List<CompletionProposal> withPrefix(List<CompletionProposal> proposals, String prefix) {
		if (prefix.isEmpty()) {
			return proposals;
		}
		return proposals.stream().map(p -> p.value(prefix + p.value())).toList();
	}

	private static boolean isBoolean(CommandOption o) {
		return o.type() == boolean.class || o.type() == Boolean.class;
	}

	/** Positional words already typed before the cursor (options and their values skipped). */
	private static int positionalCount(CompletionContext ctx) {
		List<String> words = ctx.getWords();
		int commandWords = ctx.getCommand().getName().split(" ").length;
		int count = 0;
		for (int i = commandWords; i < ctx.getWordIndex() && i < words.size(); i++) {
			String w = words.get(i);
			if (w.startsWith("-")) {
				if (!w.contains("=") && !isFlag(ctx.getCommand(), w)) {
					i++;
				}
				continue;
			}
			count++;
		}
		return count;
	}

	private static boolean isFlag(Command command, String word) {
		return command.getOptions().stream().anyMatch(o -> o.isOptionEqual(word) && isBoolean(o));
	}

}
