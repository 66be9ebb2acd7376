package io.s4e.shell.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

import io.s4e.shell.api.UsageException;

/**
 * Parses a command line the way a POSIX shell user expects: single and double quotes, backslash escapes,
 * {@code --opt value} and {@code --opt=value}, boolean flags, {@code --} ending options. Unlike the stock parser
 * it rejects options the command does not declare (naming the ones it does), and a repeated option keeps every
 * value (joined by {@link #REPEAT_SEPARATOR}), so {@code --option a=1 --option b=2} works.
 */
public class S4eCommandParser implements CommandParser {

	/** Joins the values of an option given more than once. */
	public static final String REPEAT_SEPARATOR = "\n";

	private final CommandRegistry registry;

	private final PositionalArguments positional;

	public S4eCommandParser(CommandRegistry registry) {
		this(registry, PositionalArguments.ANY);
	}

	public S4eCommandParser(CommandRegistry registry, PositionalArguments positional) {
		this.registry = registry;
		this.positional = positional;
	}

	@Override
	public ParsedInput parse(String input) {
		return parse(tokenize(input));
	}

	/** For argv, which the calling shell already split. */
	public ParsedInput parse(List<String> words) {
		if (words.isEmpty()) {
			throw new UsageException("Empty command. Type `help` for the list of commands.");
		}
		// Longest registered command name that the leading words spell.
		int commandWords = 0;
		Command command = null;
		for (int n = words.size(); n >= 1; n--) {
			List<String> head = words.subList(0, n);
			if (head.stream().anyMatch(w -> w.startsWith("-"))) {
				continue;
			}
			Command c = registry.getCommandByName(String.join(" ", head));
			if (c != null) {
				command = c;
				commandWords = n;
				break;
			}
		}
		ParsedInput.Builder builder = ParsedInput.builder();
		if (command == null) {
			throw new UsageException(unknownCommand(words));
		}
		builder.commandName(words.get(0));
		words.subList(1, commandWords).forEach(builder::addSubCommand);
		Map<String, List<String>> values = new LinkedHashMap<>();
		Map<String, CommandOption> declared = new LinkedHashMap<>();
		List<String> arguments = new ArrayList<>();
		boolean optionsEnded = false;
		List<String> rest = words.subList(commandWords, words.size());
		for (int i = 0; i < rest.size(); i++) {
			String word = rest.get(i);
			if (optionsEnded || !isOption(word)) {
				arguments.add(word);
				continue;
			}
			if (word.equals("--")) {
				optionsEnded = true;
				continue;
			}
			if (word.equals("--help") || word.equals("-h")) {
				declared.put("help", CommandOption.with().shortName('h').longName("help").build());
				values.computeIfAbsent("help", k -> new ArrayList<>()).add("true");
				continue;
			}
			String name = word;
			String value = null;
			int eq = word.indexOf('=');
			if (eq > 0) {
				name = word.substring(0, eq);
				value = word.substring(eq + 1);
			}
			CommandOption option = find(command, name);
			if (option == null) {
				throw new UsageException("Unknown option '" + name + "' for `" + command.getName() + "`. "
						+ describeOptions(command));
			}
			if (value == null) {
				if (isBoolean(option)) {
					String next = i + 1 < rest.size() ? rest.get(i + 1) : null;
					if (next != null && (next.equalsIgnoreCase("true") || next.equalsIgnoreCase("false"))) {
						value = next.toLowerCase();
						i++;
					}
					else {
						value = "true";
					}
				}
				else {
					if (i + 1 >= rest.size() || isOption(rest.get(i + 1)) && !looksLikeNumber(rest.get(i + 1))) {
						throw new UsageException("Option '--" + option.longName() + "' needs a value" + hint(option)
								+ ".");
					}
					value = rest.get(++i);
				}
			}
			checkNumber(option, value, command);
			declared.put(option.longName(), option);
			values.computeIfAbsent(option.longName(), k -> new ArrayList<>()).add(value);
		}
		if (!arguments.isEmpty() && !values.containsKey("help") && !positional.accepts(command.getName())) {
			throw new UsageException("`" + command.getName() + "` takes no words besides its options, but got '"
					+ String.join(" ", arguments) + "'. " + describeOptions(command) + " See `help " + command.getName()
					+ "`.");
		}
		// Spring Shell fills an absent primitive option from a helper class whose initialiser bootstraps Hibernate
		// Validator (a tenth of a one-shot command's time): the value is given here instead. (Not with --help:
		// Spring Shell prints the usage only when --help is the one option.)
		for (CommandOption option : values.containsKey("help") ? List.<CommandOption>of() : command.getOptions()) {
			if (option.type() != null && option.type().isPrimitive() && !values.containsKey(option.longName())) {
				declared.put(option.longName(), option);
				values.put(option.longName(), List.of(absentValue(option)));
			}
		}
		values.forEach((longName, vals) -> {
			CommandOption decl = declared.get(longName);
			builder.addOption(CommandOption.with()
				.shortName(decl.shortName())
				.longName(longName)
				.value(String.join(REPEAT_SEPARATOR, vals))
				.type(decl.type() == null ? Object.class : decl.type())
				.build());
		});
		for (int i = 0; i < arguments.size(); i++) {
			builder.addArgument(new CommandArgument(i, arguments.get(i)));
		}
		return builder.build();
	}

	/**
	 * One line for words that name no command: a group without its sub-command ({@code scan}), an unknown
	 * sub-command ({@code scan bogus}), or an unknown command. The stock executor would print the whole list and
	 * succeed instead.
	 */
	private String unknownCommand(List<String> words) {
		int n = 1;
		while (n < words.size() && !words.get(n).startsWith("-")
				&& !registry.getCommandsByPrefix(String.join(" ", words.subList(0, n + 1)) + " ").isEmpty()) {
			n++;
		}
		String group = String.join(" ", words.subList(0, n));
		List<String> subCommands = registry.getCommandsByPrefix(group + " ")
			.stream()
			.map(c -> c.getName().substring(group.length() + 1).split(" ")[0])
			.distinct()
			.sorted()
			.toList();
		if (subCommands.isEmpty()) {
			return "Unknown command '" + group + "'. Type `help` to list commands.";
		}
		String choices = String.join(", ", subCommands);
		if (n < words.size() && !words.get(n).startsWith("-")) {
			return "Unknown sub-command '" + words.get(n) + "' for `" + group + "`: use one of " + choices
					+ " (`help " + group + "` describes them).";
		}
		return "`" + group + "` needs a sub-command: one of " + choices + " (`help " + group + "` describes them).";
	}

	/** An absent primitive option: its declared default, else false or zero. */
	static String absentValue(CommandOption option) {
		if (option.defaultValue() != null && !option.defaultValue().isEmpty()) {
			return option.defaultValue();
		}
		return option.type() == boolean.class ? "false" : "0";
	}

	/** A number option gets a number: said here, with the option's name, rather than by a conversion failure. */
	private static void checkNumber(CommandOption option, String value, Command command) {
		Class<?> type = option.type();
		boolean integral = type == Integer.class || type == int.class || type == Long.class || type == long.class;
		boolean decimal = type == Double.class || type == double.class;
		if (integral && !value.strip().matches("-?\\d{1,9}") || decimal && !value.strip().matches("-?\\d+(\\.\\d+)?")) {
			throw new UsageException("Option '--" + option.longName() + "' takes " + (integral ? "a whole number" : "a number")
					+ ", not '" + value + "'. See `help " + command.getName() + "`.");
		}
	}

	private static CommandOption find(Command command, String word) {
		for (CommandOption o : command.getOptions()) {
			if (o.isOptionEqual(word)) {
				return o;
			}
		}
		return null;
	}

	private static boolean isBoolean(CommandOption o) {
		return o.type() == boolean.class || o.type() == Boolean.class;
	}

	private static boolean isOption(String word) {
		return word.startsWith("-") && word.length() > 1 && !looksLikeNumber(word);
	}

	private static boolean looksLikeNumber(String word) {
		return word.matches("-\\d+(\\.\\d+)?");
	}

	private static String hint(CommandOption o) {
		return o.description() == null || o.description().isBlank() ? "" : " (" + o.description() + ")";
	}

	static String describeOptions(Command command) {
		List<String> names = new ArrayList<>();
		for (CommandOption o : command.getOptions()) {
			names.add("--" + o.longName());
		}
		Collections.sort(names);
		return names.isEmpty() ? "It takes no options." : "Options: " + String.join(", ", names) + ".";
	}

	/**
	 * Splits a line into words: whitespace separates, quotes group (single quotes literally, double quotes with
	 * backslash escapes), a backslash outside quotes escapes the next character.
	 */
	public static List<String> tokenize(String line) {
		List<String> words = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote == '\'') {
				if (c == '\'') {
					quote = 0;
				}
				else {
					current.append(c);
				}
			}
			else if (quote == '"') {
				if (c == '"') {
					quote = 0;
				}
				else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
					current.append(line.charAt(++i));
				}
				else {
					current.append(c);
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
				inWord = true;
			}
			else if (c == '\\' && i + 1 < line.length()) {
				current.append(line.charAt(++i));
				inWord = true;
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(current.toString());
					current.setLength(0);
					inWord = false;
				}
			}
			else {
				current.append(c);
				inWord = true;
			}
		}
		if (quote != 0) {
			throw new UsageException("Unclosed " + (quote == '"' ? "double" : "single") + " quote in the command line.");
		}
		if (inWord) {
			words.add(current.toString());
		}
		return words;
	}

}
