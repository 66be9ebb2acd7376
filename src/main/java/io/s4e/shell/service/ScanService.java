package io.s4e.shell.service;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.s4e.shell.api.CreateScanRequest;
import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.completion.LiveIdCache;

/**
 * What the scan commands and playbooks do, beyond one HTTP call: IDs default to the session's last scan, every
 * created scan is journaled in the session before anything else happens, defaults from the session apply to
 * lists, and the completion cache learns about new and cancelled scans.
 */
public class ScanService {

	private final Supplier<S4eClient> client;

	private final SessionService session;

	private final LiveIdCache ids;

	public ScanService(Supplier<S4eClient> client, SessionService session, LiveIdCache ids) {
		this.client = client;
		this.session = session;
		this.ids = ids;
	}

	/** The outcome of a create, as the shell reports it. */
	public record Created(Scan scan, boolean adopted) {
	}

	/**
	 * Creates a scan (the asset defaults to the session's current one). A scan already active on the asset is
	 * adopted, and said so. The scan is in the session journal before this returns.
	 */
	public Created create(String assetId, String scanType, String priority, Map<String, Object> options,
			String callbackUrl, String origin) {
		String asset = assetId != null ? assetId : session.currentAsset();
		CreateScanRequest request = new CreateScanRequest(asset, scanType, priority, options, callbackUrl);
		S4eClient.CreateResult result = client.get().createScan(request, true);
		Scan scan = result.scan();
		if (scan.assetId() == null || scan.scanType() == null) {
			// The guide's bare reply has neither; keep what we asked for so the journal and tables are complete.
			scan = new Scan(scan.id(), scan.assetId() != null ? scan.assetId() : asset, scan.assetName(),
					scan.scanType() != null ? scan.scanType() : scanType, scan.status(),
					scan.priority() != null ? scan.priority() : priority, scan.progress(), scan.currentPhase(),
					scan.etaSeconds(), scan.findingSummary(), scan.createdAt(), scan.startedAt(), scan.completedAt(),
					scan.durationSeconds(), scan.estimatedDurationSeconds(), scan.message(), scan.error(),
					scan.options(), scan.callbackUrl(), scan.extra());
		}
		session.recordCreated(scan, origin);
		ids.refresh(LiveIdCache.Kind.SCANS);
		return new Created(scan, result.adopted());
	}

	public Scan show(String idOrLast) {
		String id = session.resolveScanId(idOrLast);
		Scan scan = client.get().getScan(id);
		session.lookedAt(id);
		return scan;
	}

	/** Status merged over what the details said, so the reply has the asset and type too when known. */
	public Scan status(String idOrLast) {
		String id = session.resolveScanId(idOrLast);
		Scan status = client.get().getScanStatus(id);
		session.lookedAt(id);
		return status;
	}

	public Scan cancel(String idOrLast) {
		String id = session.resolveScanId(idOrLast);
		Scan cancelled = client.get().cancelScan(id);
		session.lookedAt(id);
		ids.refresh(LiveIdCache.Kind.SCANS);
		return cancelled;
	}

	/** One page, or every page lazily with {@code all}; session filters fill in what the command left open. */
	public Listing<Scan> list(Map<String, Object> given, boolean all) {
		Map<String, Object> applied = session.applyFilters("scan", given, ScanQuery.KEYS);
		ScanQuery query = ScanQuery.fromMap(applied);
		Stream<Scan> rows = all ? client.get().scans(query) : client.get().listScans(query).items().stream();
		return new Listing<>(rows, session.describeApplied("scan", given, applied), null);
	}

	/**
	 * The rows of a lazy listing that make {@code id} the last scan once the server answered the first page (the
	 * rows are fetched as they are read): a failed fetch leaves the session as it was.
	 */
	private <T> Stream<T> lookedAtOnceAnswered(String id, Stream<T> rows) {
		java.util.Iterator<T> it = rows.iterator();
		java.util.Iterator<T> marking = new java.util.Iterator<>() {

			private boolean answered;

			@Override
			public boolean hasNext() {
				boolean more = it.hasNext();
				if (!answered) {
					answered = true;
					session.lookedAt(id);
				}
				return more;
			}

			@Override
			public T next() {
				if (!hasNext()) {
					throw new java.util.NoSuchElementException();
				}
				return it.next();
			}

		};
		return java.util.stream.StreamSupport
			.stream(java.util.Spliterators.spliteratorUnknownSize(marking, java.util.Spliterator.ORDERED), false)
			.onClose(rows::close);
	}

	public Listing<Finding> results(String idOrLast, List<String> severity, Integer page, Integer perPage,
			boolean all) {
		return results(idOrLast, severity, page, perPage, all, false);
	}

	/**
	 * @param fetchAhead with {@code all}: later pages are requested while earlier ones are read, for a caller that
	 * reads every row (see {@link S4eClient#findings(FindingQuery, boolean)})
	 */
	public Listing<Finding> results(String idOrLast, List<String> severity, Integer page, Integer perPage,
			boolean all, boolean fetchAhead) {
		String id = session.resolveScanId(idOrLast);
		FindingQuery query = new FindingQuery(severity, null, null, null, null, null, null, page, perPage, null,
				null);
		if (all) {
			return new Listing<>(lookedAtOnceAnswered(id, client.get().allScanResults(id, query, fetchAhead)), null,
					null);
		}
		Page<Finding> p = client.get().scanResults(id, query);
		// Only an answered request moves `last`: a failed one leaves the session as it was.
		session.lookedAt(id);
		return new Listing<>(p.items().stream(), null, p.meta());
	}

}
