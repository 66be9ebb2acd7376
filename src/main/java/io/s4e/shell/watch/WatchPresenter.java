package io.s4e.shell.watch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.output.RenderOptions;
import io.s4e.shell.output.Renderer;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;

/**
 * Runs a watch in the view that suits where the output goes: the live table on a real terminal, one plain line
 * per change otherwise; then the summary. Also the progress of {@code scan create --wait}.
 */
public class WatchPresenter {

	static final String SUMMARY_COLUMNS = "id,asset,type,status,progress,duration,findings";

	private final ScanWaiter waiter;

	private final ScanService scans;

	private final SessionService session;

	private final ConsoleIO io;

	private final ObjectProvider<Terminal> terminal;

	private final Renderer renderer = new Renderer();

	public WatchPresenter(ScanWaiter waiter, ScanService scans, SessionService session, ConsoleIO io,
			ObjectProvider<Terminal> terminal) {
		this.waiter = waiter;
		this.scans = scans;
		this.session = session;
		this.io = io;
		this.terminal = terminal;
	}

	/** {@code scan watch [ID|last ...]} or {@code scan watch --all}. */
	public void watch(PrintWriter out, List<String> args, boolean all) {
		List<String> given = args == null ? List.of() : args.stream().filter(a -> !a.isBlank()).toList();
		if (all && !given.isEmpty()) {
			throw new UsageException("Give scan IDs or --all, not both. Usage: scan watch [ID|last ...] | scan watch --all");
		}
		List<String> ids = new ArrayList<>();
		if (!all) {
			if (given.isEmpty()) {
				ids.add(session.resolveScanId(null));
			}
			for (String arg : given) {
				ids.add(session.resolveScanId(arg));
			}
		}
		FilteredDiscovery discovery = all ? new FilteredDiscovery(scans, session) : null;
		if (discovery != null && discovery.note() != null) {
			note(discovery.note());
		}
		Terminal live = liveTerminal();
		WatchListener listener = live != null ? WatchListener.NONE : new PlainWatchLog(out, waiter.time());
		LiveWatchView.Outcome outcome = LiveWatchView.Outcome.ENDED;
		List<WatchedScan> last;
		// Someone looking gets once a second; a pipe or CI log the documented back-off.
		WatchOptions options = live != null || io.interactive() ? WatchOptions.live() : WatchOptions.unattended();
		try (ScanWatch watch = waiter.watch(ids, discovery, options, listener)) {
			if (watch.snapshot().isEmpty()) {
				out.println("No queued or running scans match" + (discovery != null && discovery.note() != null
						? " the session filters" : "") + ". `scan list` shows the others.");
				out.flush();
				return;
			}
			if (!ids.isEmpty()) {
				session.lookedAt(ids.get(ids.size() - 1));
			}
			if (live != null) {
				outcome = new LiveWatchView(live, new WatchTable(io.colour()), waiter.time()).run(watch, scans::cancel);
			}
			else {
				try {
					watch.awaitDone(Long.MAX_VALUE);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					outcome = LiveWatchView.Outcome.LEFT;
				}
			}
			last = watch.snapshot();
		}
		summary(out, last, outcome);
	}

	/** Waits for a created scan with progress on stderr (in place on a terminal, a line per change otherwise). */
	public WaitResult waitFor(String scanId, Duration timeout) {
		WatchListener progress = io.stderrIsTty() ? new ProgressLine(io.err(), waiter.time(), io.width())
				: new PlainWatchLog(io.err(), waiter.time());
		WatchOptions options = io.interactive() ? WatchOptions.live() : WatchOptions.unattended();
		try {
			return waiter.awaitAll(List.of(scanId), timeout, options, progress);
		}
		finally {
			if (progress instanceof ProgressLine line) {
				line.finish();
			}
		}
	}

	/** The table of scans at the end, and what is still running. */
	void summary(PrintWriter out, List<WatchedScan> watched, LiveWatchView.Outcome outcome) {
		List<Scan> rows = watched.stream().map(WatchedScan::scan).toList();
		long running = rows.stream().filter(s -> !s.isTerminal()).count();
		if (outcome == LiveWatchView.Outcome.LEFT && running > 0) {
			out.println("Left the watch; " + running + (running == 1 ? " scan is" : " scans are")
					+ " still running (`scan watch` follows again).");
		}
		RenderOptions options = RenderOptions.defaults()
			.withTerminalWidth(io.width())
			.withColor(io.colour())
			.withColumns(SUMMARY_COLUMNS);
		renderer.render(rows.stream(), Scan.class, OutputFormat.TABLE, options, out);
		FindingSummary total = new WaitResult(rows, false, null, null).findings();
		out.println("Findings: " + total.critical() + " critical, " + total.high() + " high, " + total.medium()
				+ " medium, " + total.low() + " low, " + total.info() + " info"
				+ (rows.size() > 1 ? " across " + rows.size() + " scans" : "") + ".");
		out.flush();
	}

	/** The terminal to draw on, when there is a real one; null for pipes, tests and dumb terminals. */
	private Terminal liveTerminal() {
		if (!io.interactive() || !io.stdoutIsTty()) {
			return null;
		}
		Terminal t = terminal.getIfAvailable();
		if (t == null || t.getType() == null || t.getType().startsWith(Terminal.TYPE_DUMB)) {
			return null;
		}
		return t;
	}

	private void note(String message) {
		io.err().println(message);
		io.err().flush();
	}

}
