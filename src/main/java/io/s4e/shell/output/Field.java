package io.s4e.shell.output;

import java.util.Locale;
import java.util.function.Function;

/**
 * One column a row type offers to tables and CSV.
 *
 * @param name the name users select it by ({@code --columns}), e.g. {@code id}
 * @param header the table header, e.g. {@code ID}
 * @param csvName the CSV header, which follows the API's field names, e.g. {@code scan_id}
 * @param display the table text (may be decorated, e.g. {@code 45%}); raw server text, made safe by the table
 * @param value the CSV text (plain, e.g. {@code 45}); raw server text, made safe by the CSV writer
 * @param tone the colour of a cell in a table
 * @param flexible whether a table may shrink this column to fit the terminal (free text such as titles and names)
 * @param numeric whether the table right-aligns it
 */
record Field(String name, String header, String csvName, Function<Object, String> display,
		Function<Object, String> value, Function<Object, Tone> tone, boolean flexible, boolean numeric) {

	/** Matches {@code name}, {@code csvName} or {@code header}, ignoring case, spaces, dashes and underscores. */
	boolean answersTo(String requested) {
		String r = normalized(requested);
		return r.equals(normalized(name)) || r.equals(normalized(csvName)) || r.equals(normalized(header));
	}

	static String normalized(String s) {
		return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
	}

	/** A plain text column with the same text in tables and CSV. */
	static <T> Field text(Class<T> type, String name, String header, String csvName, Function<T, String> text) {
		Function<Object, String> f = row -> text.apply(type.cast(row));
		return new Field(name, header, csvName, f, f, row -> Tone.NONE, false, false);
	}

	Field asFlexible() {
		return new Field(name, header, csvName, display, value, tone, true, numeric);
	}

	Field asNumeric() {
		return new Field(name, header, csvName, display, value, tone, flexible, true);
	}

	<T> Field toned(Class<T> type, Function<T, Tone> toneOf) {
		return new Field(name, header, csvName, display, value, row -> toneOf.apply(type.cast(row)), flexible,
				numeric);
	}

	/** Same CSV value, different table text. */
	<T> Field displayedAs(Class<T> type, Function<T, String> tableText) {
		return new Field(name, header, csvName, row -> tableText.apply(type.cast(row)), value, tone, flexible,
				numeric);
	}

}
