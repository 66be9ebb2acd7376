package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.test.autoconfigure.ShellTest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.commands.ShellTestSupport;
import io.s4e.shell.console.S4eCommandParser;

/**
 * Command-line and option parsing against the shell's real command registry: any typed line, and any argv, is
 * either parsed into a registered command with only declared options, or refused with a {@link UsageException}.
 */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class CommandParserFuzzTest {

	@Autowired
	CommandRegistry registry;

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void line(FuzzedDataProvider data) {
		String line = data.consumeRemainingAsString();
		S4eCommandParser parser = new S4eCommandParser(registry);
		List<String> words;
		try {
			words = S4eCommandParser.tokenize(line);
		}
		catch (UsageException expected) {
			assertThat(expected.getMessage()).contains("quote");
			return;
		}
		check(parser, words);
	}

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void argv(FuzzedDataProvider data) {
		List<String> words = new ArrayList<>();
		int n = data.consumeInt(0, 12);
		for (int i = 0; i < n; i++) {
			words.add(data.consumeString(40));
		}
		check(new S4eCommandParser(registry), words);
	}

	private void check(S4eCommandParser parser, List<String> words) {
		ParsedInput parsed;
		try {
			parsed = parser.parse(words);
		}
		catch (UsageException expected) {
			assertThat(expected.getMessage()).isNotBlank();
			return;
		}
		assertThat(parsed).isNotNull();
		assertThat(parsed.commandName()).isNotBlank();
		String name = String.join(" ", prepend(parsed.commandName(), parsed.subCommands()));
		var command = registry.getCommandByName(name);
		if (command == null) {
			// A group such as `scan`: the executor lists its sub-commands.
			assertThat(registry.getCommandsByPrefix(name)).isNotEmpty();
			return;
		}
		for (CommandOption given : parsed.options()) {
			boolean declared = given.longName().equals("help")
					|| command.getOptions().stream().anyMatch(o -> o.longName().equals(given.longName()));
			assertThat(declared).as("option --%s of `%s`", given.longName(), name).isTrue();
		}
	}

	private static List<String> prepend(String head, List<String> tail) {
		List<String> all = new ArrayList<>();
		all.add(head);
		all.addAll(tail);
		return all;
	}

}
