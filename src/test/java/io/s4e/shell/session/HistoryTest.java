package io.s4e.shell.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.test.autoconfigure.ShellTest;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.commands.ShellTestSupport;
import io.s4e.shell.console.SecretFilteringHistory;
import io.s4e.shell.support.XdgDirs;

/** History is kept in the XDG state folder across restarts, and a line that carries a secret never is. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class HistoryTest {

	static final List<String> SECRET_LINES = List.of("auth login --token s4e_live_8f3a9c2d7e1b4a6f",
			"curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' http://127.0.0.1/api/scans",
			"filter set api_key=abc123", "export S4E_API_TOKEN=whatever", "use asset 4f9c2a7d1e8b3c6a5f0e9d8c7b6a5f4e3d2c1b0a",
			"scan create --callback-url https://h.example/hook?token=abc", "password hunter2", "whsec_0123456789abcdef");

	static final List<String> PLAIN_LINES = List.of("scan list --status running", "use asset a-1001",
			"scan create --asset a-1001 --type quick --option max_depth=5", "finding list --severity critical,high",
			"scan results sc-44021 -o sarif", "finding triage f-91827 --status false_positive --note \"WAF\"");

	@TempDir
	Path state;

	@Autowired
	History contextHistory;

	@Autowired
	XdgDirs dirs;

	static LineReader reader(History history) throws Exception {
		Terminal terminal = TerminalBuilder.builder()
			.dumb(true)
			.streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
			.build();
		LineReader reader = LineReaderBuilder.builder().terminal(terminal).history(history).build();
		history.attach(reader);
		return reader;
	}

	static List<String> entries(History history) {
		List<String> out = new ArrayList<>();
		history.forEach(e -> out.add(e.line()));
		return out;
	}

	@Test
	void theShellsHistoryIsTheFilteringOneInTheStateFolder() {
		assertThat(contextHistory).isInstanceOf(SecretFilteringHistory.class);
		assertThat(((SecretFilteringHistory) contextHistory).file()).isEqualTo(dirs.state().resolve("history"));
	}

	@Test
	void persistedAcrossRestartsWithoutTheLinesThatCarrySecrets() throws Exception {
		Path file = state.resolve("s4e/history");
		Files.createDirectories(file.getParent());
		SecretFilteringHistory first = new SecretFilteringHistory(file);
		LineReader reader = reader(first);
		// Whatever the reader was configured with, the history lives in its own file.
		assertThat(reader.getVariable(LineReader.HISTORY_FILE)).isEqualTo(file);
		for (int i = 0; i < PLAIN_LINES.size(); i++) {
			first.add(PLAIN_LINES.get(i));
			first.add(SECRET_LINES.get(i));
		}
		first.add(SECRET_LINES.get(6));
		first.add(SECRET_LINES.get(7));
		first.save();
		String onDisk = Files.readString(file);
		for (String secret : SECRET_LINES) {
			assertThat(onDisk).doesNotContain(secret);
		}
		assertThat(onDisk).doesNotContain("s4e_live_").doesNotContain("Bearer").doesNotContain("hunter2");

		SecretFilteringHistory restarted = new SecretFilteringHistory(file);
		reader(restarted);
		assertThat(entries(restarted)).containsExactlyElementsOf(PLAIN_LINES);
	}

	@Test
	void theFilterLetsOrdinaryCommandsThrough() {
		SECRET_LINES.forEach(l -> assertThat(SecretFilteringHistory.carriesSecret(l)).as(l).isTrue());
		PLAIN_LINES.forEach(l -> assertThat(SecretFilteringHistory.carriesSecret(l)).as(l).isFalse());
	}

}
