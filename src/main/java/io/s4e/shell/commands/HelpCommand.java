package io.s4e.shell.commands;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.UsageException;

/**
 * `help`: the commands by group, a group's sub-commands, or one command's usage, options and example. Replaces the
 * stock help, whose per-command page leaves out the usage text and its example.
 */
@Component
public class HelpCommand {

	@org.springframework.shell.core.command.annotation.Command(name = "help", group = "Shell",
			description = "List the commands, or show one command's usage, options and an example",
			help = """
					help [COMMAND]
					  Without a command: every command by group. `COMMAND --help` prints the usage alone.
					Example: help scan create""")
	public void help(CommandContext ctx, @Arguments List<String> args) {
		CommandRegistry registry = ctx.commandRegistry();
		PrintWriter out = ctx.outputWriter();
		String name = args == null ? "" : String.join(" ", args).strip();
		if (name.isEmpty()) {
			printAll(registry, out);
		}
		else {
			Command command = registry.getCommandByName(name);
			if (command != null && !command.isHidden()) {
				printOne(command, out);
			}
			else if (!visible(registry.getCommandsByPrefix(name + " ")).isEmpty()) {
				printGroup(name, visible(registry.getCommandsByPrefix(name + " ")), out);
			}
			else {
				throw new UsageException("No command '" + name + "'. Type `help` to list commands.");
			}
		}
		out.flush();
	}

	private static void printAll(CommandRegistry registry, PrintWriter out) {
		Map<String, List<Command>> byGroup = new TreeMap<>();
		for (Command c : visible(registry.getCommands())) {
			byGroup.computeIfAbsent(c.getGroup() == null || c.getGroup().isBlank() ? "Other" : c.getGroup(),
					g -> new java.util.ArrayList<>())
				.add(c);
		}
		int width = visible(registry.getCommands()).stream().mapToInt(c -> c.getName().length()).max().orElse(10);
		byGroup.forEach((group, commands) -> {
			out.println(group);
			commands.stream()
				.sorted(Comparator.comparing(Command::getName))
				.forEach(c -> out.printf("  %-" + width + "s  %s%n", c.getName(), c.getDescription()));
			out.println();
		});
		out.println("`help COMMAND` (or `COMMAND --help`) shows its options and an example; TAB completes.");
	}

	private static void printGroup(String group, List<Command> commands, PrintWriter out) {
		int width = commands.stream().mapToInt(c -> c.getName().length()).max().orElse(10);
		commands.stream()
			.sorted(Comparator.comparing(Command::getName))
			.forEach(c -> out.printf("  %-" + width + "s  %s%n", c.getName(), c.getDescription()));
		out.println("`help " + group + " SUBCOMMAND` shows its options and an example.");
	}

	static void printOne(Command command, PrintWriter out) {
		out.println(command.getName() + ": " + command.getDescription());
		out.println();
		out.println(command.getHelp());
		List<CommandOption> options = command.getOptions();
		if (!options.isEmpty()) {
			out.println();
			out.println("Options:");
			Map<String, String> rows = options.stream()
				.collect(Collectors.toMap(HelpCommand::optionNames,
						o -> o.description() == null ? "" : o.description(), (a, b) -> a, TreeMap::new));
			int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
			rows.forEach((names, description) -> out.printf("  %-" + width + "s  %s%n", names, description));
		}
	}

	private static String optionNames(CommandOption o) {
		String value = o.type() == boolean.class || o.type() == Boolean.class ? "" : " VALUE";
		return "--" + o.longName() + (o.shortName() != ' ' && o.shortName() != 0 ? ", -" + o.shortName() : "")
				+ value;
	}

	private static List<Command> visible(java.util.Collection<Command> commands) {
		return commands.stream().filter(c -> !c.isHidden()).toList();
	}

}
