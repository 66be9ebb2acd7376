package io.s4e.shell.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to render: terminal width, colour, an optional {@code --jq} expression, a column selection, and limits.
 *
 * @param terminalWidth columns available for tables and detail views; {@code <= 0} means do not fit (e.g. piped)
 * @param color whether ANSI colour may be used; see {@link #forTerminal} for how it is decided
 * @param jq a jq expression applied to the JSON form, or {@code null}
 * @param columns column names to show, in order (table and CSV); empty means the default set of the model
 * @param tableBufferRows rows a table holds to measure column widths before it starts printing; later rows are
 * streamed with those widths (and truncated to them), so memory stays bounded for long listings
 * @param toolVersion the version written into SARIF's {@code tool.driver.version}
 */
public record RenderOptions(int terminalWidth, boolean color, String jq, List<String> columns, int tableBufferRows,
		String toolVersion) {

	public static final int DEFAULT_TABLE_BUFFER_ROWS = 1000;

	public RenderOptions {
		columns = columns == null ? List.of() : List.copyOf(columns);
		jq = (jq == null || jq.isBlank()) ? null : jq;
		tableBufferRows = tableBufferRows <= 0 ? DEFAULT_TABLE_BUFFER_ROWS : tableBufferRows;
		toolVersion = (toolVersion == null || toolVersion.isBlank()) ? detectedToolVersion() : toolVersion;
	}

	/** No width fitting, no colour, no jq, default columns. */
	public static RenderOptions defaults() {
		return new RenderOptions(0, false, null, List.of(), DEFAULT_TABLE_BUFFER_ROWS, null);
	}

	/**
	 * Options for output going to a terminal of the given width. Colour is used only when the output is a terminal
	 * and the environment allows it ({@link #colorAllowed}).
	 *
	 * @param env the process environment, e.g. {@code System.getenv()}
	 */
	public static RenderOptions forTerminal(int width, boolean outputIsTerminal, Map<String, String> env) {
		return defaults().withTerminalWidth(width).withColor(outputIsTerminal && colorAllowed(env));
	}

	/**
	 * {@code NO_COLOR} set to any non-empty value turns colour off (no-color.org), as does {@code TERM=dumb}.
	 */
	public static boolean colorAllowed(Map<String, String> env) {
		String noColor = env.get("NO_COLOR");
		if (noColor != null && !noColor.isEmpty()) {
			return false;
		}
		return !"dumb".equals(env.get("TERM"));
	}

	public RenderOptions withTerminalWidth(int width) {
		return new RenderOptions(width, color, jq, columns, tableBufferRows, toolVersion);
	}

	public RenderOptions withColor(boolean useColor) {
		return new RenderOptions(terminalWidth, useColor, jq, columns, tableBufferRows, toolVersion);
	}

	public RenderOptions withJq(String expression) {
		return new RenderOptions(terminalWidth, color, expression, columns, tableBufferRows, toolVersion);
	}

	public RenderOptions withColumns(List<String> names) {
		return new RenderOptions(terminalWidth, color, jq, names, tableBufferRows, toolVersion);
	}

	/** Columns from a comma-separated list such as {@code "id, title,severity"}; blank entries are ignored. */
	public RenderOptions withColumns(String commaSeparated) {
		List<String> names = new ArrayList<>();
		if (commaSeparated != null) {
			for (String part : commaSeparated.split(",")) {
				if (!part.isBlank()) {
					names.add(part.trim());
				}
			}
		}
		return withColumns(names);
	}

	public RenderOptions withTableBufferRows(int rows) {
		return new RenderOptions(terminalWidth, color, jq, columns, rows, toolVersion);
	}

	public RenderOptions withToolVersion(String version) {
		return new RenderOptions(terminalWidth, color, jq, columns, tableBufferRows, version);
	}

	private static String detectedToolVersion() {
		String fromManifest = RenderOptions.class.getPackage().getImplementationVersion();
		return fromManifest != null ? fromManifest : "unknown";
	}

}
