package io.s4e.shell.sandbox;

/**
 * A finding discovered by a scan. Title, severity, CVSS and texts come from its {@link FindingTemplate}; only the
 * triage state changes. Mutable, guarded by the {@link SandboxWorld} lock.
 */
final class SandboxFinding {

	String id;

	long number;

	String templateId;

	String scanId;

	String assetId;

	String status;

	String note;

	long discoveredAt;

	long updatedAt;

	FindingTemplate template() {
		return FindingCatalog.get(templateId);
	}

}
