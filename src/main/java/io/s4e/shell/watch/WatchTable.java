package io.s4e.shell.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Severity;
import io.s4e.shell.output.TerminalText;

/**
 * Draws watched scans: the live table (one row per scan, fitted to the terminal, coloured by status unless colour
 * is off) and the plain one-line-per-change log for pipes and dumb terminals. Pure: the same scans, clock and size
 * give the same frame.
 */
public final class WatchTable {

	static final String[] HEADERS = { "ID", "ASSET", "TYPE", "PROGRESS", "%", "PHASE", "STATUS", "ELAPSED", "ETA",
			"FINDINGS" };

	private static final int ID = 0, ASSET = 1, TYPE = 2, BAR = 3, PCT = 4, PHASE = 5, STATUS = 6, ELAPSED = 7,
			ETA = 8, FINDINGS = 9;

	private static final int GAP = 2;

	private static final int MARKER = 2;

	private static final int FLEX_MIN = 6;

	private static final int BAR_MAX = 20, BAR_SHORT = 10, BAR_MIN = 5;

	private final boolean colour;

	public WatchTable(boolean colour) {
		this.colour = colour;
	}

	/**
	 * One frame: a header, a row per scan (a window around the selected one when they do not all fit), and a
	 * status line. Every line fits in {@code width - 1} columns, so nothing wraps.
	 */
	public List<AttributedString> frame(List<WatchedScan> scans, long now, int width, int height, int selected,
			String statusLine) {
		int usable = Math.max(20, width - 1);
		List<String[]> cells = new ArrayList<>();
		for (WatchedScan s : scans) {
			cells.add(cells(s, now));
		}
		int[] widths = fit(cells, usable);
		List<AttributedString> lines = new ArrayList<>();
		lines.add(cut(header(widths), usable));
		int room = Math.max(1, height - 2);
		int from = 0;
		int to = scans.size();
		if (scans.size() > room) {
			int visible = Math.max(1, room - 1);
			from = Math.max(0, Math.min(selected - visible / 2, scans.size() - visible));
			to = from + visible;
		}
		for (int i = from; i < to; i++) {
			lines.add(cut(row(scans.get(i), cells.get(i), widths, i == selected), usable));
		}
		if (to - from < scans.size()) {
			lines.add(cut(faint((scans.size() - (to - from)) + " more: use the arrow keys to scroll"), usable));
		}
		if (statusLine != null) {
			lines.add(cut(faint(statusLine), usable));
		}
		return lines;
	}

	/** One plain line about a change, for logs: no escape codes. */
	public String line(WatchChange change, long now) {
		WatchedScan w = change.scan();
		Scan s = w.scan();
		StringBuilder b = new StringBuilder();
		b.append(s.id()).append(' ').append(safe(asset(s)));
		if (s.scanType() != null) {
			b.append(" (").append(safe(s.scanType())).append(')');
		}
		b.append(": ").append(s.status() == null ? "unknown" : safe(s.status()));
		if (s.progress() != null) {
			b.append(' ').append(s.progress()).append('%');
		}
		if (s.currentPhase() != null && !w.isTerminal()) {
			b.append(", phase ").append(safe(s.currentPhase()));
		}
		b.append(", findings ").append(w.findings().compact());
		Long elapsed = w.elapsedMillis(now);
		if (elapsed != null) {
			b.append(", elapsed ").append(WaitDurations.clock(elapsed));
		}
		Long eta = w.etaSeconds(now);
		if (eta != null && !w.isTerminal()) {
			b.append(", ETA ").append(WaitDurations.clock(eta * 1000));
		}
		if (s.error() != null && w.isTerminal()) {
			b.append(" (").append(safe(s.error())).append(')');
		}
		if (change.kind() == WatchChange.Kind.PROBLEM && w.problem() != null) {
			b.append(" [").append(safe(w.problem())).append(']');
		}
		return b.toString();
	}

	/** What the status line counts: {@code 3 scans: 1 running, 2 completed}. */
	public static String tally(List<WatchedScan> scans) {
		java.util.Map<String, Integer> byStatus = new java.util.LinkedHashMap<>();
		for (WatchedScan s : scans) {
			byStatus.merge(s.scan().status() == null ? "unknown" : s.scan().status(), 1, Integer::sum);
		}
		List<String> parts = new ArrayList<>();
		byStatus.forEach((status, n) -> parts.add(n + " " + status));
		return scans.size() + (scans.size() == 1 ? " scan" : " scans") + (parts.isEmpty() ? "" : ": ")
				+ String.join(", ", parts);
	}

	// ---------------------------------------------------------------- cells

	String[] cells(WatchedScan w, long now) {
		Scan s = w.scan();
		String[] c = new String[HEADERS.length];
		c[ID] = safe(s.id());
		c[ASSET] = safe(asset(s));
		c[TYPE] = safe(nz(s.scanType()));
		c[BAR] = "";
		c[PCT] = s.progress() == null ? "" : s.progress() + "%";
		c[PHASE] = w.problem() != null && !w.isTerminal() ? "! " + safe(w.problem())
				: w.isTerminal() ? safe(nz(s.error())) : safe(nz(s.currentPhase()));
		c[STATUS] = safe(nz(s.status()));
		c[ELAPSED] = WaitDurations.clock(w.elapsedMillis(now));
		Long eta = w.isTerminal() ? null : w.etaSeconds(now);
		c[ETA] = eta == null ? "" : WaitDurations.clock(eta * 1000);
		c[FINDINGS] = w.findings().compact();
		return c;
	}

	private int[] fit(List<String[]> rows, int width) {
		int[] w = new int[HEADERS.length];
		for (int i = 0; i < HEADERS.length; i++) {
			w[i] = HEADERS[i].length();
		}
		for (String[] r : rows) {
			for (int i = 0; i < r.length; i++) {
				w[i] = Math.max(w[i], TerminalText.width(r[i]));
			}
		}
		w[ASSET] = Math.min(w[ASSET], 28);
		w[PHASE] = Math.min(w[PHASE], 28);
		w[BAR] = BAR_MAX;
		int over = total(w) - width;
		// A shorter bar first, then the free-text columns, then the bar down to its minimum.
		int shorter = Math.min(Math.max(over, 0), BAR_MAX - BAR_SHORT);
		w[BAR] -= shorter;
		over -= shorter;
		for (int col : new int[] { PHASE, ASSET }) {
			if (over > 0) {
				int give = Math.min(over, Math.max(0, w[col] - FLEX_MIN));
				w[col] -= give;
				over -= give;
			}
		}
		if (over > 0) {
			w[BAR] -= Math.min(over, w[BAR] - BAR_MIN);
		}
		return w;
	}

	private static int total(int[] w) {
		int sum = MARKER;
		for (int x : w) {
			sum += x;
		}
		return sum + GAP * (w.length - 1);
	}

	private AttributedString header(int[] widths) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		b.append(" ".repeat(MARKER));
		for (int i = 0; i < HEADERS.length; i++) {
			b.style(colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT);
			b.append(pad(HEADERS[i], widths[i], i == PCT));
			b.style(AttributedStyle.DEFAULT);
			if (i < HEADERS.length - 1) {
				b.append(" ".repeat(GAP));
			}
		}
		return b.toAttributedString();
	}

	private AttributedString row(WatchedScan w, String[] c, int[] widths, boolean selected) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		AttributedStyle base = selected && colour ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT;
		b.style(base).append(selected ? "> " : "  ");
		for (int i = 0; i < HEADERS.length; i++) {
			if (i == BAR) {
				bar(b, base, w, widths[BAR]);
			}
			else if (i == FINDINGS) {
				findings(b, base, w.findings());
			}
			else {
				AttributedStyle style = i == STATUS ? statusStyle(base, w.scan().status()) : base;
				b.style(style).append(pad(TerminalText.truncate(c[i], widths[i]), widths[i], i == PCT));
			}
			if (i < HEADERS.length - 1) {
				b.style(base).append(" ".repeat(GAP));
			}
		}
		b.style(AttributedStyle.DEFAULT);
		return b.toAttributedString();
	}

	private void bar(AttributedStringBuilder b, AttributedStyle base, WatchedScan w, int width) {
		int progress = w.scan().progress() == null ? 0 : Math.max(0, Math.min(100, w.scan().progress()));
		int done = (int) Math.round(width * progress / 100.0);
		AttributedStyle fill = colour ? statusStyle(base, w.scan().status()) : base;
		b.style(fill).append("#".repeat(done));
		b.style(colour ? base.faint() : base).append("-".repeat(width - done));
	}

	private void findings(AttributedStringBuilder b, AttributedStyle base, FindingSummary f) {
		Severity[] order = Severity.values();
		for (int i = 0; i < order.length; i++) {
			Severity s = order[i];
			int n = f.count(s);
			AttributedStyle style = colour && n > 0 ? severityStyle(base, s) : colour ? base.faint() : base;
			b.style(style).append(n + s.name().substring(0, 1));
			if (i < order.length - 1) {
				b.style(base).append(" ");
			}
		}
	}

	private AttributedStyle statusStyle(AttributedStyle base, String status) {
		if (!colour || status == null) {
			return base;
		}
		return switch (status.toLowerCase(Locale.ROOT)) {
			case "running" -> base.foreground(AttributedStyle.CYAN);
			case "queued" -> base.foreground(AttributedStyle.YELLOW);
			case "completed" -> base.foreground(AttributedStyle.GREEN);
			case "failed" -> base.foreground(AttributedStyle.RED);
			case "cancelled", "canceled" -> base.faint();
			default -> base;
		};
	}

	private static AttributedStyle severityStyle(AttributedStyle base, Severity s) {
		return switch (s) {
			case CRITICAL -> base.bold().foreground(AttributedStyle.RED);
			case HIGH -> base.foreground(AttributedStyle.RED);
			case MEDIUM -> base.foreground(AttributedStyle.YELLOW);
			case LOW -> base.foreground(AttributedStyle.BLUE);
			case INFO -> base.faint();
		};
	}

	private AttributedString faint(String text) {
		return new AttributedString(text, colour ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT);
	}

	private static AttributedString cut(AttributedString line, int width) {
		return line.columnLength() <= width ? line : line.columnSubSequence(0, width);
	}

	private static String pad(String text, int width, boolean right) {
		int missing = width - TerminalText.width(text);
		if (missing <= 0) {
			return text;
		}
		return right ? " ".repeat(missing) + text : text + " ".repeat(missing);
	}

	private static String asset(Scan s) {
		return s.assetName() != null ? s.assetName() : nz(s.assetId());
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}

	private static String safe(String s) {
		return s == null ? "" : TerminalText.safe(s);
	}

}
