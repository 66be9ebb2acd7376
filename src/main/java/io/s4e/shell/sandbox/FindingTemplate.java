package io.s4e.shell.sandbox;

import java.util.List;

/**
 * One kind of finding the sandbox scanner can report.
 *
 * @param id stable key stored with each finding, so a persisted world survives catalogue reordering
 * @param category one of {@link FindingCatalog#CATEGORIES}
 * @param cvss base score computed from {@code cvssVector}
 */
record FindingTemplate(String id, String category, String title, String severity, double cvss, String cvssVector,
		String cwe, String description, String remediation, List<String> references) {

	FindingTemplate {
		references = List.copyOf(references);
	}

}
