package io.s4e.shell.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes rows as a GitHub-flavoured Markdown table, with the columns a terminal table shows (or those chosen).
 * Cell text comes from the server, so it is made inert: control characters and escape sequences go, and the
 * characters Markdown or HTML would act on ({@code | \ * _ ` [ ] < > &}) are escaped, so a finding title cannot
 * break the table, add a link or inject HTML where the file is rendered.
 */
public final class MarkdownWriter {

	private final RenderOptions options;

	public MarkdownWriter(RenderOptions options) {
		this.options = options;
	}

	/**
	 * Writes the table; {@code rowType} picks the columns even when there are no rows ({@code null}: from the
	 * first row). Returns the number of rows written.
	 */
	public long write(Iterator<?> rows, Class<?> rowType, Writer out) {
		try {
			List<Object> pending = new ArrayList<>();
			ModelFields.Catalogue catalogue = ModelFields.of(rowType);
			if (catalogue == null) {
				Object first = null;
				while (first == null && rows.hasNext()) {
					first = rows.next();
				}
				if (first == null) {
					out.write(TableWriter.EMPTY_MESSAGE + "\n");
					out.flush();
					return 0;
				}
				pending.add(first);
				catalogue = ModelFields.of(first.getClass());
				if (catalogue == null) {
					catalogue = ModelFields.generic(ModelJson.tree(first));
				}
			}
			List<Field> fields = catalogue.forTable(options.columns());
			StringBuilder header = new StringBuilder("|");
			StringBuilder rule = new StringBuilder("|");
			for (Field f : fields) {
				header.append(' ').append(cell(f.header())).append(" |");
				rule.append(f.numeric() ? " ---: |" : " --- |");
			}
			out.write(header.append('\n').toString());
			out.write(rule.append('\n').toString());
			long count = 0;
			Iterator<?> rest = rows;
			for (Object row : pending) {
				writeRow(catalogue, fields, row, out);
				count++;
			}
			while (rest.hasNext()) {
				Object row = rest.next();
				if (row != null) {
					writeRow(catalogue, fields, row, out);
					count++;
				}
			}
			out.flush();
			return count;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void writeRow(ModelFields.Catalogue catalogue, List<Field> fields, Object row, Writer out)
			throws IOException {
		Object adapted = catalogue.adapt(row);
		StringBuilder line = new StringBuilder("|");
		for (Field f : fields) {
			line.append(' ').append(cell(f.display().apply(adapted))).append(" |");
		}
		out.write(line.append('\n').toString());
	}

	/** One cell's text, inert in Markdown and HTML. */
	static String cell(String raw) {
		if (raw == null || raw.isEmpty()) {
			return "";
		}
		String text = TerminalText.safe(raw);
		StringBuilder b = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> b.append("&amp;");
				case '<' -> b.append("&lt;");
				case '>' -> b.append("&gt;");
				case '|', '\\', '*', '_', '`', '[', ']' -> b.append('\\').append(c);
				case '\n', '\r', '\t' -> b.append(' ');
				default -> b.append(c);
			}
		}
		return b.toString();
	}

}
