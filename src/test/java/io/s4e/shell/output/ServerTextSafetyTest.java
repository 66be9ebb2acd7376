package io.s4e.shell.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.console.ConsoleIO;

/**
 * Text from the server is made safe for the terminal and for spreadsheets, and kept byte-exact in JSON; tables fit
 * the width they are given; colour only where it is allowed.
 */
class ServerTextSafetyTest {

	static final String HOSTILE_TITLE = "SQLi\u001b]0;owned\u0007 in \u001b[31mlogin\u001b[0m\r\nforged line";

	static final Finding FINDING = new Finding("f-1", HOSTILE_TITLE, "critical", 9.8, null, "CWE-89", "open", null,
			new AssetRef("a-1", "=HYPERLINK(\"http://evil.example\")", "domain"), "sc-1",
			"@SUM(1+1)*cmd|' /C calc'!A0", null, List.of(), null, "2026-04-28T12:00:00Z", null, Map.of());

	final Renderer renderer = new Renderer();

	@Test
	void tablesAndDetailsCarryNoControlSequences() {
		String table = renderer.renderToString(List.of(FINDING), OutputFormat.TABLE,
				RenderOptions.defaults().withTerminalWidth(200));
		String detail = renderer.renderToString(FINDING, OutputFormat.TABLE, RenderOptions.defaults());
		for (String out : List.of(table, detail)) {
			assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
			assertThat(out).contains("SQLi").contains("login");
		}
		assertThat(table.lines()).noneMatch(l -> l.startsWith("forged line"));
		assertThat(TerminalText.isSafe(TerminalText.safe(HOSTILE_TITLE))).isTrue();
	}

	@Test
	void csvCellsCannotBeFormulas() throws Exception {
		String csv = renderer.renderToString(List.of(FINDING), OutputFormat.CSV, RenderOptions.defaults());
		assertThat(csv).doesNotContain(",=HYPERLINK").doesNotContain(",@SUM").doesNotContain("\u001b");
		for (String formula : List.of("=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1")) {
			String cell = CsvText.safeCell(formula);
			assertThat(cell.charAt(0)).as(formula).isNotIn('=', '+', '-', '@', '\t', '\r');
		}
		assertThat(CsvText.safeCell("plain text")).isEqualTo("plain text");
	}

	@Test
	void jsonKeepsTheServersTextExactly() throws Exception {
		JsonNode json = new ObjectMapper().readTree(renderer.renderToString(List.of(FINDING), OutputFormat.JSON,
				RenderOptions.defaults()));
		assertThat(json.get(0).path("title").asText()).isEqualTo(HOSTILE_TITLE);
		String raw = renderer.renderToString(FINDING, OutputFormat.JSON, RenderOptions.defaults());
		assertThat(raw).doesNotContain("\u001b").as("escaped, not raw, in the JSON text");
	}

	@Test
	void tablesFitTheWidth() {
		List<Finding> rows = List.of(FINDING, new Finding("f-2", "A very long title ".repeat(10), "low", 2.0, null,
				null, "open", null, new AssetRef("a-2", "host.example.org", "domain"), "sc-2", null, null, List.of(),
				null, null, null, Map.of()));
		for (int width : List.of(60, 80, 120)) {
			String table = renderer.renderToString(rows, OutputFormat.TABLE,
					RenderOptions.defaults().withTerminalWidth(width));
			assertThat(table.lines()).allSatisfy(l -> assertThat(TerminalText.width(l)).as("width %d", width)
				.isLessThanOrEqualTo(width));
		}
	}

	@Test
	void colourOnlyOnATerminalAndNeverUnderNoColor() {
		ConsoleIO plain = new ConsoleIO(Map.of());
		plain.redirect(new java.io.PrintWriter(new java.io.StringWriter()), false, 0);
		assertThat(plain.colour()).isFalse();
		ConsoleIO tty = new ConsoleIO(Map.of());
		tty.redirect(new java.io.PrintWriter(new java.io.StringWriter()), true, 100);
		assertThat(tty.colour()).isTrue();
		ConsoleIO noColor = new ConsoleIO(Map.of("NO_COLOR", "1"));
		noColor.redirect(new java.io.PrintWriter(new java.io.StringWriter()), true, 100);
		assertThat(noColor.colour()).isFalse();
		String coloured = renderer.renderToString(List.of(FINDING), OutputFormat.TABLE,
				RenderOptions.defaults().withTerminalWidth(120).withColor(true));
		assertThat(coloured).contains("\u001b[");
		String uncoloured = renderer.renderToString(List.of(FINDING), OutputFormat.TABLE,
				RenderOptions.defaults().withTerminalWidth(120).withColor(false));
		assertThat(uncoloured).doesNotContain("\u001b");
	}

}
