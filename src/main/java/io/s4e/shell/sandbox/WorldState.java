package io.s4e.shell.sandbox;

import java.util.List;

/**
 * The persisted form of a {@link SandboxWorld}: everything needed to carry on where it stopped.
 *
 * @param simTime epoch milliseconds up to which the lifecycle has been settled
 * @param cleanShutdown false when the last write was not the one made on stop, i.e. the process may have died
 *        after handing out event IDs that were never written
 */
record WorldState(int format, String dialect, long seed, long genesis, long simTime, String token,
		long nextScanNumber, long nextFindingNumber, long eventSequence, boolean cleanShutdown,
		List<SandboxAsset> assets, List<SandboxScan> scans, List<SandboxFinding> findings) {

	static final int FORMAT = 1;

}
