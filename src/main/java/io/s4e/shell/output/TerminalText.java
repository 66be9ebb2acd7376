package io.s4e.shell.output;

import org.jline.utils.WCWidth;

/**
 * Makes server text safe to print on a terminal, and measures it.
 * <p>
 * Anything the server sends (titles, descriptions, asset names) may contain escape sequences that recolour the
 * screen, move the cursor, set the window title, plant OSC 8 hyperlinks, write the clipboard (OSC 52), or bidi
 * overrides that make the text read differently from what it is. {@link #safe(String)} removes whole escape
 * sequences (they are markup, not content) and turns every other control character into a visible placeholder, so
 * tampering shows instead of acting.
 */
public final class TerminalText {

	/** Shown for C1 controls, bidi controls and anything without a control picture. */
	public static final char PLACEHOLDER = '\uFFFD';

	/** Appended to text cut to fit a width. */
	public static final String ELLIPSIS = "\u2026";

	private static final char ESC = 0x1B;

	private static final char BEL = 0x07;

	private TerminalText() {
	}

	/**
	 * Single-line safe form: escape sequences removed, tabs and line breaks become spaces, other control characters
	 * become their control picture (e.g. CR as U+240D) and bidi/C1 controls become {@link #PLACEHOLDER}.
	 * {@code null} becomes the empty string.
	 */
	public static String safe(String text) {
		return clean(text, false);
	}

	/** Like {@link #safe(String)} but keeps line breaks ({@code \n}; CRLF becomes LF) for multi-line detail text. */
	public static String safeMultiline(String text) {
		return clean(text, true);
	}

	/** Whether {@link #safe(String)} would change the text; cheap check used to skip copying clean strings. */
	public static boolean isSafe(String text) {
		if (text == null) {
			return true;
		}
		for (int i = 0, n = text.length(); i < n; i++) {
			char c = text.charAt(i);
			// Printable ASCII first: nearly every character of server text, and two comparisons instead of ten.
			if ((c < 0x20 || c >= 0x7F) && needsAttention(c)) {
				return false;
			}
		}
		return true;
	}

	private static String clean(String text, boolean multiline) {
		if (text == null) {
			return "";
		}
		if (isSafe(text)) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		int i = 0;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i);
			if (startsSequence(c)) {
				i = endOfSequence(text, i);
				continue;
			}
			if (c == '\r') {
				if (multiline && i + 1 < n && text.charAt(i + 1) == '\n') {
					i++; // CRLF is an ordinary line break
					continue;
				}
				// A lone CR lets later text overwrite earlier text on the same line: show it.
				out.append('\u240D');
				i++;
				continue;
			}
			if (c == '\n' || c == '\u2028' || c == '\u2029') {
				out.append(multiline ? '\n' : ' ');
				i++;
				continue;
			}
			if (c == '\t') {
				out.append(multiline ? "    " : " ");
				i++;
				continue;
			}
			if (c < 0x20) {
				out.append((char) (0x2400 + c)); // Unicode control pictures: NUL -> U+2400, BEL -> U+2407 ...
				i++;
				continue;
			}
			if (c == 0x7F) {
				out.append('\u2421');
				i++;
				continue;
			}
			if ((c >= 0x80 && c <= 0x9F) || isBidiControl(c)) {
				out.append(PLACEHOLDER);
				i++;
				continue;
			}
			out.append(c);
			i++;
		}
		return out.toString();
	}

	/** ESC, or an 8-bit introducer: CSI, OSC, DCS, SOS, PM, APC. */
	static boolean startsSequence(char c) {
		return c == ESC || c == 0x9B || c == 0x9D || c == 0x90 || c == 0x98 || c == 0x9E || c == 0x9F;
	}

	/** Index just after the escape sequence whose introducer ({@link #startsSequence}) is at {@code at}. */
	static int endOfSequence(String s, int at) {
		char c = s.charAt(at);
		if (c == ESC) {
			return skipEscapeSequence(s, at + 1);
		}
		if (c == 0x9B) {
			return skipCsiBody(s, at + 1);
		}
		return skipStringBody(s, at + 1);
	}

	/** Returns the index after the sequence that starts with ESC at {@code from - 1}. */
	private static int skipEscapeSequence(String s, int from) {
		if (from >= s.length()) {
			return from;
		}
		char c = s.charAt(from);
		switch (c) {
			case '[':
				return skipCsiBody(s, from + 1);
			case ']':
			case 'P':
			case 'X':
			case '^':
			case '_':
				return skipStringBody(s, from + 1);
			default:
				// nF sequences: intermediates 0x20-0x2F then one final byte; Fp/Fe/Fs: one byte.
				int i = from;
				while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2F) {
					i++;
				}
				if (i < s.length() && s.charAt(i) >= 0x30 && s.charAt(i) <= 0x7E) {
					i++;
				}
				return i;
		}
	}

	/** CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E. */
	private static int skipCsiBody(String s, int from) {
		int i = from;
		while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3F) {
			i++;
		}
		if (i < s.length() && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7E) {
			i++;
		}
		return i;
	}

	/**
	 * OSC/DCS/SOS/PM/APC bodies run to BEL, ESC \ or 8-bit ST. An unterminated one is dropped to the end of the text:
	 * a terminal would swallow that text too, and showing half a hyperlink target is no better.
	 */
	private static int skipStringBody(String s, int from) {
		int i = from;
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c == BEL || c == 0x9C) {
				return i + 1;
			}
			if (c == ESC) {
				return (i + 1 < s.length() && s.charAt(i + 1) == '\\') ? i + 2 : i + 1;
			}
			i++;
		}
		return i;
	}

	private static boolean needsAttention(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || isBidiControl(c);
	}

	/** Explicit bidi embeddings, overrides, isolates and marks (the "Trojan Source" characters). */
	static boolean isBidiControl(char c) {
		return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
				|| c == '\u200F' || c == '\u061C';
	}

	/** Columns the text occupies on a terminal (wide East Asian characters count 2, combining marks 0). */
	public static int width(String text) {
		if (text == null) {
			return 0;
		}
		int w = 0;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			w += Math.max(0, WCWidth.wcwidth(cp));
			i += Character.charCount(cp);
		}
		return w;
	}

	/** Cuts the text to at most {@code maxWidth} columns, ending with an ellipsis when something was cut. */
	public static String truncate(String text, int maxWidth) {
		if (text == null) {
			return "";
		}
		if (width(text) <= maxWidth) {
			return text;
		}
		if (maxWidth <= 0) {
			return "";
		}
		int budget = maxWidth - 1; // room for the ellipsis
		StringBuilder out = new StringBuilder();
		int used = 0;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			int w = Math.max(0, WCWidth.wcwidth(cp));
			if (used + w > budget) {
				break;
			}
			out.appendCodePoint(cp);
			used += w;
			i += Character.charCount(cp);
		}
		return out.append(ELLIPSIS).toString();
	}

	/** Pads with spaces on the right to exactly {@code width} columns (text must already fit). */
	static String padRight(String text, int width) {
		int missing = width - width(text);
		return missing <= 0 ? text : text + " ".repeat(missing);
	}

	/** Pads with spaces on the left to exactly {@code width} columns (text must already fit). */
	static String padLeft(String text, int width) {
		int missing = width - width(text);
		return missing <= 0 ? text : " ".repeat(missing) + text;
	}

}
