package io.s4e.shell.output;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes rows as an aligned text table that fits the terminal.
 * <p>
 * Column widths need the rows, so the first {@link RenderOptions#tableBufferRows()} rows are held (as their cell
 * text, not the objects) to measure them. Any rows after that are printed as they come with the widths already
 * chosen, cut with an ellipsis where longer: memory stays bounded for any number of rows.
 * <p>
 * When the table is wider than the terminal, the widest free-text column (title, name, asset, phase, tags) gives up
 * a column at a time, first down to a readable minimum, then further; identifiers and short codes are never cut.
 */
final class TableWriter {

	static final String SEPARATOR = "  ";

	static final String EMPTY_MESSAGE = "(no results)";

	/** A flexible column is first shrunk no further than this (or its header, or its content if narrower). */
	private static final int READABLE_MIN = 10;

	/** The last resort before giving up and letting lines wrap. */
	private static final int HARD_MIN = 3;

	private final List<Field> fields;

	private final RenderOptions options;

	private final Writer out;

	TableWriter(List<Field> fields, RenderOptions options, Writer out) {
		this.fields = fields;
		this.options = options;
		this.out = out;
	}

	/** Writes all rows (already adapted to what the fields read). Returns the number of rows written. */
	long write(Iterator<?> rows) throws IOException {
		List<String[]> buffered = new ArrayList<>();
		List<Tone[]> tones = new ArrayList<>();
		while (buffered.size() < options.tableBufferRows() && rows.hasNext()) {
			Object row = rows.next();
			buffered.add(cells(row));
			tones.add(tones(row));
		}
		if (buffered.isEmpty()) {
			out.write(EMPTY_MESSAGE);
			out.write('\n');
			return 0;
		}
		int[] widths = fit(naturalWidths(buffered));
		writeHeader(widths);
		for (int i = 0; i < buffered.size(); i++) {
			writeRow(buffered.get(i), tones.get(i), widths);
		}
		long count = buffered.size();
		buffered.clear(); // let the sample go before streaming the rest
		tones.clear();
		while (rows.hasNext()) {
			Object row = rows.next();
			writeRow(cells(row), tones(row), widths);
			count++;
		}
		out.flush();
		return count;
	}

	private String[] cells(Object row) {
		String[] cells = new String[fields.size()];
		for (int c = 0; c < cells.length; c++) {
			cells[c] = TerminalText.safe(fields.get(c).display().apply(row));
		}
		return cells;
	}

	private Tone[] tones(Object row) {
		Tone[] result = new Tone[fields.size()];
		for (int c = 0; c < result.length; c++) {
			result[c] = options.color() ? fields.get(c).tone().apply(row) : Tone.NONE;
		}
		return result;
	}

	private int[] naturalWidths(List<String[]> rows) {
		int[] widths = new int[fields.size()];
		for (int c = 0; c < widths.length; c++) {
			widths[c] = TerminalText.width(fields.get(c).header());
		}
		for (String[] row : rows) {
			for (int c = 0; c < widths.length; c++) {
				widths[c] = Math.max(widths[c], TerminalText.width(row[c]));
			}
		}
		return widths;
	}

	/** Shrinks columns until the table fits {@code terminalWidth}; see the class comment for the order. */
	int[] fit(int[] natural) {
		int[] widths = natural.clone();
		int limit = options.terminalWidth();
		if (limit <= 0) {
			return widths;
		}
		int[] readableMin = new int[widths.length];
		for (int c = 0; c < widths.length; c++) {
			int header = TerminalText.width(fields.get(c).header());
			readableMin[c] = Math.min(natural[c], Math.max(READABLE_MIN, header));
		}
		shrinkFlexible(widths, limit, readableMin);
		int[] hardMin = new int[widths.length];
		for (int c = 0; c < widths.length; c++) {
			hardMin[c] = Math.min(natural[c], HARD_MIN);
		}
		shrinkFlexible(widths, limit, hardMin);
		return widths;
	}

	private void shrinkFlexible(int[] widths, int limit, int[] min) {
		int over = total(widths) - limit;
		while (over > 0) {
			int widest = -1;
			for (int c = 0; c < widths.length; c++) {
				if (fields.get(c).flexible() && widths[c] > min[c] && (widest < 0 || widths[c] > widths[widest])) {
					widest = c;
				}
			}
			if (widest < 0) {
				return;
			}
			widths[widest]--;
			over--;
		}
	}

	private static int total(int[] widths) {
		int sum = SEPARATOR.length() * Math.max(0, widths.length - 1);
		for (int w : widths) {
			sum += w;
		}
		return sum;
	}

	private void writeHeader(int[] widths) throws IOException {
		String[] headers = new String[fields.size()];
		Tone[] bold = new Tone[fields.size()];
		for (int c = 0; c < headers.length; c++) {
			headers[c] = fields.get(c).header();
			bold[c] = options.color() ? Tone.HEADER : Tone.NONE;
		}
		writeRow(headers, bold, widths);
	}

	private void writeRow(String[] cells, Tone[] tones, int[] widths) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = 0; c < cells.length; c++) {
			boolean last = c == cells.length - 1;
			String text = TerminalText.truncate(cells[c], widths[c]);
			String painted = tones[c].paint(text, options.color());
			int pad = widths[c] - TerminalText.width(text);
			if (fields.get(c).numeric()) {
				line.append(" ".repeat(pad)).append(painted);
			}
			else {
				line.append(painted);
				if (!last) {
					line.append(" ".repeat(pad));
				}
			}
			if (!last) {
				line.append(SEPARATOR);
			}
		}
		// No trailing blanks: they wrap on terminals exactly as wide as the table.
		int end = line.length();
		while (end > 0 && line.charAt(end - 1) == ' ') {
			end--;
		}
		line.setLength(end);
		out.write(line.append('\n').toString());
	}

}
