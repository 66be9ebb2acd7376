package io.s4e.shell.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a sandbox state file holding a large world, for benchmarks: the seeded world plus {@code assets} extra
 * active domains and {@code findings} extra findings spread over the seeded history scans. A standalone sandbox
 * started with {@code --state FILE} then serves it.
 *
 * <pre>{@code java -cp ... io.s4e.shell.sandbox.BulkSandboxState state.json 500 100000}</pre>
 */
public final class BulkSandboxState {

	private BulkSandboxState() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("usage: BulkSandboxState STATE_FILE EXTRA_ASSETS EXTRA_FINDINGS");
			System.exit(2);
		}
		write(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
	}

	/** Writes the state file; returns the number of findings it holds. */
	public static int write(Path file, int extraAssets, int extraFindings) throws IOException {
		WorldState seeded;
		try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().build())) {
			seeded = server.world().snapshot(true);
		}
		SandboxDialect dialect = SandboxDialect.parse(seeded.dialect());
		List<SandboxAsset> assets = new ArrayList<>(seeded.assets());
		int number = assets.size();
		for (int i = 0; i < extraAssets; i++) {
			number++;
			long created = seeded.genesis() - 86_400_000L * (1 + i % 300);
			assets.add(new SandboxAsset(SandboxIds.asset(dialect, seeded.seed(), number), number,
					"bulk-" + number + ".example.com", "domain", "active", true, 1 + i % 100, List.of("bulk"),
					created, created, "Example Registrar", List.of(), List.of(), false));
		}
		List<SandboxScan> finished = seeded.scans()
			.stream()
			.filter(s -> SandboxScan.COMPLETED.equals(s.status))
			.toList();
		List<FindingTemplate> templates = FindingCatalog.all();
		List<SandboxFinding> findings = new ArrayList<>(extraFindings + seeded.findings().size());
		long oldest = seeded.genesis() - 90L * 86_400_000L;
		long spacing = Math.max(1, (seeded.genesis() - oldest) / Math.max(1, extraFindings));
		long next = seeded.nextFindingNumber();
		// Oldest first, then the seeded ones: the world keeps insertion order, which is also discovery order.
		for (int i = 0; i < extraFindings; i++) {
			SandboxScan scan = finished.get(i % finished.size());
			SandboxFinding f = new SandboxFinding();
			f.number = next++;
			f.id = SandboxIds.finding(dialect, seeded.seed(), f.number);
			f.templateId = templates.get(i % templates.size()).id();
			f.scanId = scan.id;
			f.assetId = scan.assetId;
			f.status = "open";
			f.discoveredAt = (oldest + i * spacing) / 1000 * 1000;
			f.updatedAt = f.discoveredAt;
			findings.add(f);
		}
		findings.addAll(seeded.findings());
		WorldState bulk = new WorldState(WorldState.FORMAT, seeded.dialect(), seeded.seed(), seeded.genesis(),
				seeded.simTime(), seeded.token(), seeded.nextScanNumber(), next, seeded.eventSequence(), true, assets,
				seeded.scans(), findings);
		StateStore.atomicWrite(file, StateStore.MAPPER.writeValueAsBytes(bulk), StateStore.OWNER_ONLY);
		return findings.size();
	}

}
