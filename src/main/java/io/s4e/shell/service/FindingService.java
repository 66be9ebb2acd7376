package io.s4e.shell.service;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Vocabulary;
import io.s4e.shell.completion.LiveIdCache;

/** Finding lookups and triage. */
public class FindingService {

	private final Supplier<S4eClient> client;

	private final SessionService session;

	private final LiveIdCache ids;

	public FindingService(Supplier<S4eClient> client, SessionService session, LiveIdCache ids) {
		this.client = client;
		this.session = session;
		this.ids = ids;
	}

	public Listing<Finding> list(Map<String, Object> given, boolean all) {
		return list(given, all, false);
	}

	/**
	 * @param fetchAhead with {@code all}: later pages are requested while earlier ones are read, for a caller that
	 * reads every row (see {@link S4eClient#findings(FindingQuery, boolean)})
	 */
	public Listing<Finding> list(Map<String, Object> given, boolean all, boolean fetchAhead) {
		Map<String, Object> applied = session.applyFilters("finding", given, FindingQuery.KEYS);
		FindingQuery query = FindingQuery.fromMap(applied);
		Stream<Finding> rows = all ? client.get().findings(query, fetchAhead)
				: client.get().listFindings(query).items().stream();
		return new Listing<>(rows, session.describeApplied("finding", given, applied), null);
	}

	public Finding show(String id) {
		return client.get().getFinding(id);
	}

	/**
	 * Sets a finding's status. Values outside both documented vocabularies are still sent (servers differ), but a
	 * likely typo is caught first.
	 */
	public Finding triage(String id, String status, String note) {
		if (status == null || status.isBlank()) {
			throw new UsageException("Give --status, one of " + String.join(", ", Vocabulary.FINDING_STATUSES) + ".");
		}
		String s = status.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
		if (!Vocabulary.FINDING_STATUSES.contains(s)) {
			throw new UsageException("Unknown finding status '" + status + "'. Use one of "
					+ String.join(", ", Vocabulary.FINDING_STATUSES) + ".");
		}
		Finding updated = client.get().updateFindingStatus(id, s, note);
		ids.refresh(LiveIdCache.Kind.FINDINGS);
		return updated;
	}

}
