package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The seeded inventory and the finding catalogue: size, spread, CVSS 3.1 scores that match their vectors. */
class SandboxCatalogueTest {

	@Test
	void cvssScoresFollowTheSpecification() {
		// Reference values from FIRST's CVSS v3.1 calculator.
		Map<String, Double> known = Map.of(
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8,
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1,
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9,
				"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9,
				"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8,
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3,
				"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6,
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0);
		known.forEach((vector, score) -> assertThat(Cvss31.baseScore(vector)).as(vector).isEqualTo(score));
		assertThat(Cvss31.severity(9.8)).isEqualTo("critical");
		assertThat(Cvss31.severity(7.0)).isEqualTo("high");
		assertThat(Cvss31.severity(4.0)).isEqualTo("medium");
		assertThat(Cvss31.severity(0.1)).isEqualTo("low");
		assertThat(Cvss31.severity(0.0)).isEqualTo("info");
		assertThatThrownBy(() -> Cvss31.baseScore("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void catalogueHasAtLeastFortyRealisticTemplatesAcrossEveryCategory() {
		List<FindingTemplate> all = FindingCatalog.all();
		assertThat(all).hasSizeGreaterThanOrEqualTo(40);
		assertThat(all).extracting(FindingTemplate::id).doesNotHaveDuplicates();
		assertThat(all).extracting(FindingTemplate::title).doesNotHaveDuplicates();
		Map<String, Long> perCategory = all.stream()
			.collect(Collectors.groupingBy(FindingTemplate::category, Collectors.counting()));
		assertThat(perCategory).containsOnlyKeys("web_vuln", "ssl", "headers", "dns", "port", "api");
		assertThat(perCategory.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(4));
		assertThat(all).extracting(FindingTemplate::severity)
			.contains("critical", "high", "medium", "low", "info");
		for (FindingTemplate t : all) {
			assertThat(t.cvssVector()).as(t.id()).matches("CVSS:3\\.1/AV:[NALP]/AC:[LH]/PR:[NLH]/UI:[NR]/S:[UC]"
					+ "/C:[NLH]/I:[NLH]/A:[NLH]");
			assertThat(t.cvss()).as(t.id()).isEqualTo(Cvss31.baseScore(t.cvssVector()));
			assertThat(t.severity()).as(t.id()).isEqualTo(Cvss31.severity(t.cvss()));
			assertThat(t.cwe()).as(t.id()).matches("CWE-\\d+");
			assertThat(t.description()).as(t.id()).hasSizeGreaterThan(40);
			assertThat(t.remediation()).as(t.id()).hasSizeGreaterThan(25);
			assertThat(t.references()).as(t.id()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("https://"));
		}
	}

	@Test
	void inventoryHasAtLeastTwentyFiveAssetsAndIsDeterministicForASeed() {
		long genesis = 1_777_377_600_000L;
		List<SandboxAsset> assets = SandboxSeed.assets(SandboxDialect.REFERENCE, 4021, genesis);
		assertThat(assets).hasSizeGreaterThanOrEqualTo(25);
		assertThat(assets).extracting(SandboxAsset::name).doesNotHaveDuplicates();
		assertThat(assets).extracting(SandboxAsset::type).contains("domain", "ip", "url", "network");
		assertThat(assets).filteredOn(SandboxAsset::unreachable).extracting(SandboxAsset::type)
			.as("an unreachable domain and IP, so failures are exercised")
			.contains("domain", "ip");
		Set<String> tags = new HashSet<>();
		assets.forEach(a -> tags.addAll(a.tags()));
		assertThat(tags).hasSizeGreaterThanOrEqualTo(8);
		assertThat(assets).extracting(SandboxAsset::riskScore).allSatisfy(r -> assertThat(r).isBetween(0, 100));
		assertThat(SandboxSeed.assets(SandboxDialect.REFERENCE, 4021, genesis)).isEqualTo(assets);
		assertThat(SandboxSeed.assets(SandboxDialect.REFERENCE, 7, genesis)).isNotEqualTo(assets);
	}

}
