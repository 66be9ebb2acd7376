package io.s4e.shell.completion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.s4e.shell.api.AssetQuery;
import io.s4e.shell.api.FindingQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.completion.LiveIdCache.IdCandidate;
import io.s4e.shell.completion.LiveIdCache.Kind;

/** Fetches what TAB offers: assets (all, up to a cap) and the most recent scans and findings. */
public final class LiveIdLoader implements Function<Kind, List<IdCandidate>> {

	/** Enough for any inventory a person tabs through; beyond it, typing a prefix narrows the list anyway. */
	static final int MAX_ASSETS = 1000;

	static final int RECENT = 100;

	private final Supplier<S4eClient> client;

	private volatile Map<String, String> assetNames = Map.of();

	public LiveIdLoader(Supplier<S4eClient> client) {
		this.client = client;
	}

	@Override
	public List<IdCandidate> apply(Kind kind) {
		return switch (kind) {
			case ASSETS -> assets();
			case SCANS -> scans();
			case FINDINGS -> findings();
		};
	}

	private List<IdCandidate> assets() {
		Map<String, String> names = new HashMap<>();
		List<IdCandidate> out = client.get().assets(AssetQuery.all()).limit(MAX_ASSETS).map(a -> {
			names.put(a.id(), a.name());
			return new IdCandidate(a.id(), describe(a));
		}).toList();
		assetNames = names;
		return out;
	}

	private List<IdCandidate> scans() {
		List<Scan> scans = client.get()
			.listScans(new ScanQuery(null, null, null, null, null, 1, RECENT, "created_at", "desc"))
			.items();
		return scans.stream().map(s -> new IdCandidate(s.id(), describe(s))).toList();
	}

	private List<IdCandidate> findings() {
		List<Finding> findings = client.get()
			.listFindings(FindingQuery.fromMap(Map.of("per_page", RECENT, "page", 1)))
			.items();
		return findings.stream()
			.map(f -> new IdCandidate(f.id(), (f.severity() == null ? "" : f.severity() + " · ") + f.title()))
			.toList();
	}

	private static String describe(Asset a) {
		return a.name() + (a.type() == null ? "" : " · " + a.type());
	}

	private String describe(Scan s) {
		String asset = s.assetName() != null ? s.assetName()
				: assetNames.getOrDefault(s.assetId(), s.assetId() == null ? "?" : s.assetId());
		return s.status() + " · " + asset + (s.scanType() == null ? "" : " · " + s.scanType());
	}

}
