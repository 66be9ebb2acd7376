package io.s4e.shell.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.s4e.shell.sandbox.ScanPlan.Phase;
import io.s4e.shell.sandbox.ScanPlan.PlannedFinding;

/** Decides, from the seed, the phases, findings and fate of each scan. */
final class ScanPlanner {

	/** A phase of a scan type: its share of the run time and which check categories report findings in it. */
	private record PhaseSpec(String name, double weight, Set<String> categories) {
	}

	private static final Set<String> NONE = Set.of();

	private static final Map<String, List<PhaseSpec>> PHASES = Map.of(
			"full", List.of(
					new PhaseSpec("discovery", 0.10, Set.of(FindingCatalog.DNS)),
					new PhaseSpec("port_scan", 0.15, Set.of(FindingCatalog.PORT)),
					new PhaseSpec("service_detection", 0.15, Set.of(FindingCatalog.PORT, FindingCatalog.API)),
					new PhaseSpec("web_vulnerability_checks", 0.30,
							Set.of(FindingCatalog.WEB_VULN, FindingCatalog.HEADERS, FindingCatalog.API)),
					new PhaseSpec("ssl_checks", 0.15, Set.of(FindingCatalog.SSL)),
					new PhaseSpec("reporting", 0.15, NONE)),
			"quick", List.of(
					new PhaseSpec("discovery", 0.15, Set.of(FindingCatalog.DNS)),
					new PhaseSpec("port_scan", 0.25, Set.of(FindingCatalog.PORT)),
					new PhaseSpec("critical_checks", 0.45, Set.of(FindingCatalog.WEB_VULN, FindingCatalog.API,
							FindingCatalog.SSL, FindingCatalog.HEADERS)),
					new PhaseSpec("reporting", 0.15, NONE)),
			"api_discovery", List.of(
					new PhaseSpec("endpoint_discovery", 0.35, Set.of(FindingCatalog.API)),
					new PhaseSpec("schema_analysis", 0.25, Set.of(FindingCatalog.API)),
					new PhaseSpec("api_checks", 0.30, Set.of(FindingCatalog.API, FindingCatalog.HEADERS)),
					new PhaseSpec("reporting", 0.10, NONE)),
			"ssl", List.of(
					new PhaseSpec("handshake", 0.25, Set.of(FindingCatalog.SSL)),
					new PhaseSpec("certificate_checks", 0.40, Set.of(FindingCatalog.SSL)),
					new PhaseSpec("cipher_checks", 0.35, Set.of(FindingCatalog.SSL))),
			"dns", List.of(
					new PhaseSpec("record_enumeration", 0.35, Set.of(FindingCatalog.DNS)),
					new PhaseSpec("zone_transfer_checks", 0.25, Set.of(FindingCatalog.DNS)),
					new PhaseSpec("email_security_checks", 0.25, Set.of(FindingCatalog.DNS)),
					new PhaseSpec("reporting", 0.15, NONE)),
			"port", List.of(
					new PhaseSpec("host_discovery", 0.15, NONE),
					new PhaseSpec("tcp_scan", 0.40, Set.of(FindingCatalog.PORT)),
					new PhaseSpec("udp_scan", 0.20, Set.of(FindingCatalog.PORT)),
					new PhaseSpec("service_detection", 0.25, Set.of(FindingCatalog.PORT))),
			"web_app", List.of(
					new PhaseSpec("crawling", 0.25, Set.of(FindingCatalog.HEADERS)),
					new PhaseSpec("web_vulnerability_checks", 0.45, Set.of(FindingCatalog.WEB_VULN)),
					new PhaseSpec("header_checks", 0.15, Set.of(FindingCatalog.HEADERS)),
					new PhaseSpec("reporting", 0.15, NONE)),
			"network", List.of(
					new PhaseSpec("host_discovery", 0.20, NONE),
					new PhaseSpec("port_scan", 0.30, Set.of(FindingCatalog.PORT)),
					new PhaseSpec("service_detection", 0.25, Set.of(FindingCatalog.PORT, FindingCatalog.SSL)),
					new PhaseSpec("vulnerability_checks", 0.25, Set.of(FindingCatalog.PORT, FindingCatalog.SSL))),
			"api", List.of(
					new PhaseSpec("endpoint_discovery", 0.20, Set.of(FindingCatalog.API)),
					new PhaseSpec("authentication_checks", 0.30, Set.of(FindingCatalog.API)),
					new PhaseSpec("api_checks", 0.35, Set.of(FindingCatalog.API, FindingCatalog.HEADERS)),
					new PhaseSpec("reporting", 0.15, NONE)));

	/** Phase names of custom scans, per selected category. */
	private static final Map<String, String> CUSTOM_PHASE = Map.of(FindingCatalog.WEB_VULN,
			"web_vulnerability_checks", FindingCatalog.SSL, "ssl_checks", FindingCatalog.HEADERS, "header_checks",
			FindingCatalog.DNS, "dns_checks", FindingCatalog.PORT, "port_scan", FindingCatalog.API, "api_checks");

	static final List<String> DEFAULT_CUSTOM_CATEGORIES = List.of(FindingCatalog.WEB_VULN, FindingCatalog.SSL,
			FindingCatalog.HEADERS);

	/** Which check categories make sense for each asset type (no DNS checks of a bare IP, and so on). */
	private static final Map<String, Set<String>> ASSET_CATEGORIES = Map.of(
			"domain", Set.copyOf(FindingCatalog.CATEGORIES),
			"url", Set.of(FindingCatalog.WEB_VULN, FindingCatalog.HEADERS, FindingCatalog.API, FindingCatalog.SSL),
			"ip", Set.of(FindingCatalog.PORT, FindingCatalog.SSL, FindingCatalog.WEB_VULN, FindingCatalog.HEADERS),
			"network", Set.of(FindingCatalog.PORT, FindingCatalog.SSL));

	private ScanPlanner() {
	}

	/**
	 * Plans a scan.
	 * @param categories the categories a custom scan checks (ignored for other types)
	 * @param timeoutMillis the scan's own timeout option, or null
	 */
	static ScanPlan plan(long seed, long scanNumber, SandboxAsset asset, String scanType, long durationMillis,
			List<String> categories, Long timeoutMillis) {
		Random random = new Random(seed * 0x9E3779B97F4A7C15L + scanNumber * 0xC2B2AE3D27D4EB4FL + 17);
		List<PhaseSpec> specs = phaseSpecs(scanType, categories);
		List<Phase> phases = layOut(specs, durationMillis);
		if (asset.unreachable()) {
			Phase first = phases.get(0);
			String error = "Target unreachable: " + asset.name() + " did not respond during " + first.name()
					+ " (connection timed out)";
			return new ScanPlan(durationMillis, phases, List.of(), first.endMillis(), error);
		}
		Set<String> allowed = new LinkedHashSet<>();
		specs.forEach(spec -> allowed.addAll(spec.categories()));
		allowed.retainAll(ASSET_CATEGORIES.getOrDefault(asset.type(), Set.of()));
		boolean severeOnly = "quick".equals(scanType);
		List<FindingTemplate> pool = new ArrayList<>();
		for (FindingTemplate template : FindingCatalog.all()) {
			if (allowed.contains(template.category())
					&& (!severeOnly || "critical".equals(template.severity()) || "high".equals(template.severity()))) {
				pool.add(template);
			}
		}
		int wanted = switch (scanType) {
			case "full" -> 6 + random.nextInt(7);
			case "quick" -> 1 + random.nextInt(4);
			default -> 2 + random.nextInt(5);
		};
		List<PlannedFinding> findings = new ArrayList<>();
		for (FindingTemplate template : pickWeighted(pool, wanted, random)) {
			List<Phase> candidates = new ArrayList<>();
			for (int i = 0; i < specs.size(); i++) {
				if (specs.get(i).categories().contains(template.category())) {
					candidates.add(phases.get(i));
				}
			}
			Phase phase = candidates.get(random.nextInt(candidates.size()));
			long span = phase.endMillis() - phase.startMillis();
			long at = phase.startMillis() + Math.max(1, Math.round(span * (0.1 + 0.8 * random.nextDouble())));
			findings.add(new PlannedFinding(template.id(), Math.min(at, durationMillis)));
		}
		findings.sort(Comparator.comparingLong(PlannedFinding::atMillis));
		if (timeoutMillis != null && timeoutMillis < durationMillis) {
			String error = "Scan exceeded its timeout of " + (timeoutMillis / 1000) + " seconds";
			return new ScanPlan(durationMillis, phases, findings, timeoutMillis, error);
		}
		return new ScanPlan(durationMillis, phases, findings, null, null);
	}

	/** The phases a scan type (or a custom scan's categories) goes through, for ETA estimates and docs. */
	static List<String> phaseNames(String scanType, List<String> categories) {
		return phaseSpecs(scanType, categories).stream().map(PhaseSpec::name).toList();
	}

	private static List<PhaseSpec> phaseSpecs(String scanType, List<String> categories) {
		if (!"custom".equals(scanType)) {
			List<PhaseSpec> specs = PHASES.get(scanType);
			if (specs == null) {
				throw new IllegalArgumentException("unknown scan type " + scanType);
			}
			return specs;
		}
		Collection<String> chosen = categories == null || categories.isEmpty() ? DEFAULT_CUSTOM_CATEGORIES
				: new LinkedHashSet<>(categories);
		List<PhaseSpec> specs = new ArrayList<>();
		specs.add(new PhaseSpec("discovery", 0.15, NONE));
		double share = 0.75 / chosen.size();
		for (String category : chosen) {
			specs.add(new PhaseSpec(CUSTOM_PHASE.get(category), share, Set.of(category)));
		}
		specs.add(new PhaseSpec("reporting", 0.10, NONE));
		return specs;
	}

	private static List<Phase> layOut(List<PhaseSpec> specs, long durationMillis) {
		double total = specs.stream().mapToDouble(PhaseSpec::weight).sum();
		List<Phase> phases = new ArrayList<>();
		double acc = 0;
		long start = 0;
		for (int i = 0; i < specs.size(); i++) {
			acc += specs.get(i).weight();
			long end = i == specs.size() - 1 ? durationMillis : Math.round(durationMillis * acc / total);
			phases.add(new Phase(specs.get(i).name(), start, Math.max(start, end)));
			start = Math.max(start, end);
		}
		return phases;
	}

	/** Draws up to {@code wanted} distinct templates; severe findings are rarer than low ones, as in real scans. */
	private static List<FindingTemplate> pickWeighted(List<FindingTemplate> pool, int wanted, Random random) {
		List<FindingTemplate> remaining = new ArrayList<>(pool);
		List<FindingTemplate> picked = new ArrayList<>();
		while (picked.size() < wanted && !remaining.isEmpty()) {
			double total = 0;
			for (FindingTemplate t : remaining) {
				total += weight(t);
			}
			double r = random.nextDouble() * total;
			int index = 0;
			for (; index < remaining.size() - 1; index++) {
				r -= weight(remaining.get(index));
				if (r < 0) {
					break;
				}
			}
			picked.add(remaining.remove(index));
		}
		return picked;
	}

	private static double weight(FindingTemplate template) {
		return switch (template.severity()) {
			case "critical" -> 1;
			case "high" -> 2;
			case "medium" -> 4;
			case "low" -> 4;
			default -> 3;
		};
	}

}
