package io.s4e.shell.watch;

import java.util.List;

import io.s4e.shell.api.model.Scan;

/** For {@code scan watch --all}: which scans belong to the watch, now and as new ones are created. */
public interface ScanDiscovery {

	/** The queued and running scans that should be watched now. */
	List<Scan> activeScans();

	/** Whether a scan just announced by the event stream belongs to the watch. */
	boolean matches(String assetId, String scanType);

}
