package io.s4e.shell.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds the seeded inventory and its scan history, reproducibly from the seed and the world's creation time. */
final class SandboxSeed {

	/** An inventory entry; risk scores and dates are varied by the seed. */
	private record Entry(String name, String type, String status, boolean verified, int baseRisk, List<String> tags,
			String registrar, List<String> ips, List<String> technologies, boolean unreachable) {
	}

	private static final List<Entry> INVENTORY = List.of(
			domain("example.com", "active", 72, List.of("production", "pci"), "MarkMonitor Inc.",
					List.of("93.184.216.34"), List.of("nginx", "React", "PostgreSQL")),
			domain("api.example.com", "active", 64, List.of("production", "api"), "MarkMonitor Inc.",
					List.of("93.184.216.35"), List.of("Kong", "Node.js", "Express")),
			domain("shop.example.com", "active", 81, List.of("production", "pci", "ecommerce"), "MarkMonitor Inc.",
					List.of("93.184.216.40"), List.of("Magento", "PHP", "MySQL", "Varnish")),
			domain("staging.example.com", "active", 47, List.of("staging"), "MarkMonitor Inc.",
					List.of("198.51.100.12"), List.of("nginx", "Django", "Python")),
			domain("dev.example.com", "inactive", 22, List.of("development"), "MarkMonitor Inc.",
					List.of("198.51.100.13"), List.of("Apache httpd", "PHP")),
			domain("mail.example.com", "active", 38, List.of("production", "email"), "MarkMonitor Inc.",
					List.of("93.184.216.50"), List.of("Postfix", "Dovecot")),
			domain("vpn.example.com", "active", 55, List.of("production", "internal"), "MarkMonitor Inc.",
					List.of("93.184.216.60"), List.of("OpenVPN", "FortiGate")),
			domain("portal.example.org", "active", 59, List.of("production", "customer-facing"), "Gandi SAS",
					List.of("203.0.113.30"), List.of("IIS", "ASP.NET", "Microsoft SQL Server")),
			domain("docs.example.org", "active", 18, List.of("production", "public"), "Gandi SAS",
					List.of("203.0.113.31"), List.of("Hugo", "Cloudflare")),
			new Entry("legacy.example.net", "domain", "active", true, 66, List.of("production", "legacy"),
					"Network Solutions, LLC", List.of("192.0.2.10"), List.of("Apache Tomcat 7", "Java"), true),
			domain("new-campaign.example.net", "pending_verification", 0, List.of("marketing"),
					"Network Solutions, LLC", List.of(), List.of()),
			url("https://app.example.com/login", "active", 77, List.of("production", "pci"),
					List.of("93.184.216.36"), List.of("Spring Boot", "Java", "Redis")),
			url("https://admin.example.com", "active", 69, List.of("internal", "production"),
					List.of("93.184.216.37"), List.of("Django admin", "Python")),
			url("https://api.example.org/v2", "active", 51, List.of("api", "staging"), List.of("203.0.113.32"),
					List.of("FastAPI", "Python", "GraphQL")),
			url("https://status.example.net", "active", 12, List.of("production", "public"),
					List.of("192.0.2.20"), List.of("Statuspage")),
			url("http://intranet.example.com", "active", 58, List.of("internal"), List.of("10.20.0.15"),
					List.of("SharePoint", "IIS")),
			ip("203.0.113.10", "active", 63, List.of("production"), List.of("OpenSSH 8.2", "nginx")),
			ip("203.0.113.25", "active", 74, List.of("production", "pci"), List.of("Redis", "OpenSSH 7.4")),
			ip("198.51.100.7", "active", 41, List.of("staging"), List.of("MySQL 5.7", "OpenSSH 8.9")),
			ip("198.51.100.42", "inactive", 15, List.of("staging", "decommissioned"), List.of("Microsoft RDP")),
			new Entry("192.0.2.44", "ip", "active", true, 33, List.of("internal", "legacy"), null,
					List.of("192.0.2.44"), List.of("vsftpd"), true),
			ip("192.0.2.80", "active", 28, List.of("internal"), List.of("Postfix", "Telnetd")),
			network("203.0.113.0/28", "active", 61, List.of("production", "dmz"), List.of("203.0.113.1",
					"203.0.113.10", "203.0.113.14")),
			network("198.51.100.0/24", "active", 44, List.of("staging"), List.of("198.51.100.7", "198.51.100.12",
					"198.51.100.42")),
			network("10.20.0.0/16", "active", 36, List.of("internal"), List.of("10.20.0.1", "10.20.0.15")),
			network("192.0.2.128/25", "pending_verification", 0, List.of("internal"), List.of()),
			domain("cdn.example.com", "active", 20, List.of("production", "public"), "MarkMonitor Inc.",
					List.of("93.184.216.70"), List.of("Cloudflare")),
			domain("payments.example.com", "active", 85, List.of("production", "pci"), "MarkMonitor Inc.",
					List.of("93.184.216.80"), List.of("Stripe", "Java", "Spring Boot")),
			domain("partners.example.org", "pending_verification", 0, List.of("partners"), "Gandi SAS", List.of(),
					List.of()),
			domain("old-shop.example.net", "inactive", 9, List.of("decommissioned"), "Network Solutions, LLC",
					List.of("192.0.2.99"), List.of("osCommerce", "PHP 5")));

	/** Scan types used in the history, by asset type. */
	private static final Map<String, List<String>> HISTORY_TYPES = Map.of("domain",
			List.of("full", "quick", "ssl", "dns", "web_app"), "url", List.of("web_app", "full", "api", "ssl"), "ip",
			List.of("port", "quick", "ssl"), "network", List.of("network", "port"));

	/** History scans ran as long as real ones: the configured sandbox durations, times this factor. */
	private static final int HISTORY_SLOWDOWN = 20;

	private SandboxSeed() {
	}

	static List<SandboxAsset> assets(SandboxDialect dialect, long seed, long genesis) {
		Random random = new Random(seed ^ 0x5DEECE66DL);
		List<SandboxAsset> assets = new ArrayList<>();
		for (int i = 0; i < INVENTORY.size(); i++) {
			Entry e = INVENTORY.get(i);
			int number = i + 1;
			long createdAt = truncateToSecond(genesis - Duration.ofDays(60 + random.nextInt(400)).toMillis()
					- random.nextInt(86_400) * 1000L);
			long updatedAt = truncateToSecond(
					Math.min(genesis - 3_600_000L, createdAt + Duration.ofDays(1 + random.nextInt(50)).toMillis()));
			int risk = e.baseRisk() == 0 ? 0 : Math.max(1, Math.min(100, e.baseRisk() + random.nextInt(11) - 5));
			assets.add(new SandboxAsset(SandboxIds.asset(dialect, seed, number), number, e.name(), e.type(),
					e.status(), e.verified(), risk, e.tags(), createdAt, updatedAt, e.registrar(), e.ips(),
					e.technologies(), e.unreachable()));
		}
		return assets;
	}

	/** The completed (and failed) scans of the last weeks, with their findings, numbered below the first created. */
	static History history(SandboxConfig config, List<SandboxAsset> assets, long genesis) {
		long seed = config.seed();
		Random random = new Random(seed * 31 + 7);
		List<SandboxScan> scans = new ArrayList<>();
		for (SandboxAsset asset : assets) {
			if (!asset.scannable() || random.nextInt(10) >= 7) {
				continue;
			}
			int count = 1 + random.nextInt(2);
			for (int k = 0; k < count; k++) {
				List<String> types = HISTORY_TYPES.get(asset.type());
				SandboxScan scan = new SandboxScan();
				scan.assetId = asset.id();
				scan.scanType = types.get(random.nextInt(types.size()));
				scan.priority = random.nextInt(4) == 0 ? "high" : "normal";
				scan.options = Map.of();
				scan.createdAt = truncateToSecond(genesis - Duration.ofHours(6 + random.nextInt(24 * 40)).toMillis());
				scan.eligibleAt = scan.createdAt;
				scans.add(scan);
			}
		}
		scans.sort(Comparator.comparingLong(s -> s.createdAt));
		List<SandboxFinding> findings = new ArrayList<>();
		long scanNumber = SandboxIds.FIRST_CREATED_SCAN - scans.size();
		List<String> statuses = config.dialect().findingStatuses();
		for (SandboxScan scan : scans) {
			SandboxAsset asset = assets.stream().filter(a -> a.id().equals(scan.assetId)).findFirst().orElseThrow();
			scan.number = scanNumber++;
			scan.id = SandboxIds.scan(config.dialect(), seed, scan.number);
			long duration = config.scanDurationMillis(scan.scanType) * HISTORY_SLOWDOWN;
			scan.plan = ScanPlanner.plan(seed, scan.number, asset, scan.scanType, duration, null, null);
			scan.startedAt = scan.createdAt + 1000L * (5 + random.nextInt(55));
			long end = scan.plan.endMillis();
			scan.endedAt = scan.startedAt + end;
			scan.status = scan.plan.fails() ? SandboxScan.FAILED : SandboxScan.COMPLETED;
			scan.endProgress = scan.plan.fails() ? (int) (end * 100 / scan.plan.durationMillis()) : 100;
			scan.endPhase = scan.plan.fails() ? scan.plan.phaseAt(end - 1) : null;
			scan.error = scan.plan.failError();
			scan.discovered = scan.plan.reachableFindings();
			for (int i = 0; i < scan.discovered; i++) {
				ScanPlan.PlannedFinding planned = scan.plan.findings().get(i);
				SandboxFinding finding = new SandboxFinding();
				finding.templateId = planned.templateId();
				finding.scanId = scan.id;
				finding.assetId = scan.assetId;
				finding.discoveredAt = truncateToSecond(scan.startedAt + planned.atMillis());
				// Older findings have more often been triaged.
				int roll = random.nextInt(100);
				finding.status = roll < 55 ? "open" : statuses.get(1 + random.nextInt(statuses.size() - 1));
				finding.updatedAt = "open".equals(finding.status) ? finding.discoveredAt
						: Math.min(genesis - 60_000L, finding.discoveredAt + Duration.ofHours(1 + random.nextInt(72))
							.toMillis());
				finding.updatedAt = Math.max(finding.updatedAt, finding.discoveredAt);
				findings.add(finding);
			}
		}
		findings.sort(Comparator.comparingLong((SandboxFinding f) -> f.discoveredAt)
			.thenComparing(f -> f.scanId)
			.thenComparing(f -> f.templateId));
		long findingNumber = SandboxIds.FIRST_CREATED_FINDING - findings.size();
		for (SandboxFinding finding : findings) {
			finding.number = findingNumber++;
			finding.id = SandboxIds.finding(config.dialect(), seed, finding.number);
		}
		return new History(scans, findings);
	}

	record History(List<SandboxScan> scans, List<SandboxFinding> findings) {
	}

	private static long truncateToSecond(long millis) {
		return millis - Math.floorMod(millis, 1000L);
	}

	private static Entry domain(String name, String status, int risk, List<String> tags, String registrar,
			List<String> ips, List<String> tech) {
		return new Entry(name, "domain", status, !"pending_verification".equals(status), risk, tags, registrar, ips,
				tech, false);
	}

	private static Entry url(String name, String status, int risk, List<String> tags, List<String> ips,
			List<String> tech) {
		return new Entry(name, "url", status, true, risk, tags, null, ips, tech, false);
	}

	private static Entry ip(String name, String status, int risk, List<String> tags, List<String> tech) {
		return new Entry(name, "ip", status, true, risk, tags, null, List.of(name), tech, false);
	}

	private static Entry network(String name, String status, int risk, List<String> tags, List<String> ips) {
		return new Entry(name, "network", status, !"pending_verification".equals(status), risk, tags, null, ips,
				List.of(), false);
	}

}
