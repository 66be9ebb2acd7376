package io.s4e.shell.service;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.s4e.shell.api.AssetQuery;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.model.Asset;

/** Asset lookups, and choosing the session's current asset. */
public class AssetService {

	private final Supplier<S4eClient> client;

	private final SessionService session;

	public AssetService(Supplier<S4eClient> client, SessionService session) {
		this.client = client;
		this.session = session;
	}

	public Listing<Asset> list(Map<String, Object> given, boolean all) {
		Map<String, Object> applied = session.applyFilters("asset", given, AssetQuery.KEYS);
		AssetQuery query = AssetQuery.fromMap(applied);
		Stream<Asset> rows = all ? client.get().assets(query) : client.get().listAssets(query).items().stream();
		return new Listing<>(rows, session.describeApplied("asset", given, applied), null);
	}

	public Asset show(String id) {
		String assetId = id != null ? id : session.currentAsset();
		if (assetId == null) {
			throw new io.s4e.shell.api.UsageException("Which asset? Give an ID (TAB lists them) or `use asset ID` first.");
		}
		return client.get().getAsset(assetId);
	}

	/** Makes the asset the default {@code --asset}, after checking that it exists. */
	public Asset use(String id) {
		Asset asset = client.get().getAsset(id);
		session.useAsset(asset.id() != null ? asset.id() : id);
		return asset;
	}

	public void useNone() {
		session.useAsset(null);
	}

}
