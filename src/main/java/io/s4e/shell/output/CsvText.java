package io.s4e.shell.output;

/**
 * Makes a value safe to put in a CSV cell that a spreadsheet will open.
 * <p>
 * Spreadsheets evaluate cells that start with {@code = + - @} (and tab or CR, which some strip before looking) as
 * formulas, so a finding title like {@code =cmd|' /C calc'!A0} would run when the export is opened. Such cells get a
 * leading apostrophe, which spreadsheets show as text (OWASP "CSV injection" guidance). Escape sequences, control
 * characters and bidi controls are removed; line feeds and tabs inside a cell are kept (the CSV writer quotes them).
 */
public final class CsvText {

	private CsvText() {
	}

	/** The cell text to write; {@code null} becomes the empty string. Quoting is left to the CSV writer. */
	public static String safeCell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String cleaned = stripControls(value);
		// The raw value is checked too: "\t=1+1" loses its tab when cleaned but was meant as a formula either way.
		if (startsLikeFormula(value) || cleaned != value && startsLikeFormula(cleaned)) {
			return "'" + cleaned;
		}
		return cleaned;
	}

	/**
	 * Checks the first character, and the first one after leading spaces: some spreadsheet imports trim cells
	 * before deciding whether they hold a formula.
	 */
	private static boolean startsLikeFormula(String s) {
		int i = 0;
		while (i < s.length() && s.charAt(i) == ' ') {
			i++;
		}
		return i < s.length() && isTrigger(s.charAt(i));
	}

	private static boolean isTrigger(char c) {
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
	}

	private static String stripControls(String value) {
		if (TerminalText.isSafe(value)) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		int i = 0;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (TerminalText.startsSequence(c)) {
				i = TerminalText.endOfSequence(value, i);
				continue;
			}
			if (c == '\n' || c == '\t') {
				out.append(c);
			}
			else if (c == '\r') {
				boolean crlf = i + 1 < value.length() && value.charAt(i + 1) == '\n';
				if (!crlf) {
					out.append(' ');
				}
			}
			else if (c == '\u2028' || c == '\u2029') {
				out.append('\n');
			}
			else if (!(c < 0x20 || (c >= 0x7F && c <= 0x9F) || TerminalText.isBidiControl(c))) {
				out.append(c);
			}
			i++;
		}
		return out.toString();
	}

}
