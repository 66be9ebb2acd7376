package io.s4e.shell.playbook;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

import io.s4e.shell.api.model.Scan;

/** Waits for scans to reach a terminal state; the playbook's {@code await} and {@code awaitAll} use it. */
public interface ScanWaiter {

	/**
	 * Waits until every scan is completed, failed or cancelled, or the timeout passes.
	 *
	 * @param known the scans as last seen; terminal ones are not polled
	 * @param timeout how long to wait at most; null for no limit
	 * @param onChange told of every change of status or progress, on the calling thread
	 * @return the last state of each scan by ID, in the order given, with full details for those that ended; any
	 *         not terminal means the timeout passed
	 * @throws InterruptedException when the calling thread is interrupted (Ctrl-C)
	 */
	Map<String, Scan> await(Collection<Scan> known, Duration timeout, Consumer<Scan> onChange)
			throws InterruptedException;

}
