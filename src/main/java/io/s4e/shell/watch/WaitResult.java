package io.s4e.shell.watch;

import java.util.List;

import io.s4e.shell.api.model.FindingSummary;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.ScanState;
import io.s4e.shell.api.model.Severity;

/**
 * How a wait ended: the scans as last seen, in the order asked for, and whether the time ran out first.
 *
 * @param source how the data came (event stream or polling)
 */
public record WaitResult(List<Scan> scans, boolean timedOut, ScanWatch.Source source, ScanWatch.Stats stats) {

	public WaitResult {
		scans = List.copyOf(scans);
	}

	/** Scans that had not ended when the wait stopped. */
	public List<Scan> unfinished() {
		return scans.stream().filter(s -> !s.isTerminal()).toList();
	}

	/** Scans that ended other than completed: failed or cancelled. */
	public List<Scan> notCompleted() {
		return scans.stream().filter(s -> s.isTerminal() && !ScanState.COMPLETED.equals(s.status())).toList();
	}

	/** Finding counts of all the scans together. */
	public FindingSummary findings() {
		int c = 0, h = 0, m = 0, l = 0, i = 0;
		for (Scan s : scans) {
			FindingSummary f = s.findingSummary();
			if (f != null) {
				c += f.critical();
				h += f.high();
				m += f.medium();
				l += f.low();
				i += f.info();
			}
		}
		return new FindingSummary(c, h, m, l, i);
	}

	/** Findings at or above {@code threshold}, across the scans. */
	public int atOrAbove(Severity threshold) {
		return findings().atOrAbove(threshold);
	}

}
