package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.shell.core.autoconfigure.CommandRegistryAutoConfiguration;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.test.autoconfigure.ShellTest;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.commands.ShellTestSupport;

/**
 * The shell's registry, filled from the bean factory, holds exactly what Spring Shell's class-path scanning
 * registry would: the same commands, with the same options, aliases and groups. A command class the bean factory
 * did not know about would show up here as a command only the scanning registry has.
 */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class ShellCommandsTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	CommandRegistry registry;

	@Test
	void theContextUsesTheShellsRegistry() {
		assertThat(registry.getCommands()).extracting(Command::getName)
			.contains("scan create", "asset list", "finding triage", "session show", "run", "help", "quit");
	}

	@Test
	void theRegistryHoldsWhatClassPathScanningFinds() {
		CommandRegistry scanned = new CommandRegistryAutoConfiguration().commandRegistry(context);
		assertThat(describe(ShellCommands.registry(context))).isEqualTo(describe(scanned));
		assertThat(describe(registry).keySet()).isEqualTo(describe(scanned).keySet());
	}

	private static TreeMap<String, String> describe(CommandRegistry registry) {
		TreeMap<String, String> out = new TreeMap<>();
		for (Command c : registry.getCommands()) {
			Set<String> options = c.getOptions()
				.stream()
				.map(Object::toString)
				.collect(Collectors.toCollection(java.util.TreeSet::new));
			out.put(c.getName(), c.getGroup() + " " + c.getAliases() + " " + c.getDescription() + " " + c.getHelp() + " " + options);
		}
		return out;
	}

}
