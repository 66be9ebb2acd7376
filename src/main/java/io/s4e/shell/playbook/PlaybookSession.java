package io.s4e.shell.playbook;

import java.util.List;
import java.util.Map;

import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionState;

/**
 * The shell's session as a playbook sees it ({@code session} in the script): the last scan, the current asset,
 * the saved filters and the journal of created scans, live (a scan the playbook creates shows up at once).
 */
public final class PlaybookSession extends DslObject {

	private final SessionService session;

	PlaybookSession(SessionService session) {
		this.session = session;
	}

	@Override
	protected String dslName() {
		return "session";
	}

	/** The last scan's ID, what {@code scan show} with no ID shows; null when there is none. */
	public String getLastScan() {
		return session.state().lastScanId();
	}

	/** The current asset's ID ({@code use asset ID}); null when there is none. */
	public String getCurrentAsset() {
		return session.currentAsset();
	}

	public Map<String, String> getFilters() {
		return session.filters();
	}

	/** Scans created from this shell and its playbooks, newest first. */
	public List<SessionState.RecentScan> getRecentScans() {
		return session.state().recentScans();
	}

	/** Makes an asset the current one, as {@code use asset ID} does. */
	public void use(Object asset) {
		session.useAsset(asset == null ? null : DslArgs.assetId(asset));
	}

	@Override
	public String toString() {
		return "session[lastScan=" + getLastScan() + ", currentAsset=" + getCurrentAsset() + ", filters="
				+ getFilters() + ", recentScans=" + getRecentScans().size() + "]";
	}

}
