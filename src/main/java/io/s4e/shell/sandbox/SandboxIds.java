package io.s4e.shell.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Resource IDs in each dialect. Reference IDs are the documented short forms; guide IDs are UUIDs derived from the
 * seed, except that the first asset and the first created scan carry the UUID the trigger-scan guide's examples use,
 * so those examples run verbatim against the sandbox (as {@code a-1001} and {@code sc-44021} do for the reference).
 */
final class SandboxIds {

	/** First scan number handed out by create; seeded history uses the numbers just below it. */
	static final long FIRST_CREATED_SCAN = 44021;

	/** First finding number of created scans; seeded history uses the numbers just below it. */
	static final long FIRST_CREATED_FINDING = 91827;

	static final String GUIDE_EXAMPLE_UUID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

	private SandboxIds() {
	}

	static String asset(SandboxDialect dialect, long seed, int number) {
		if (dialect == SandboxDialect.REFERENCE) {
			return "a-" + (1000 + number);
		}
		return number == 1 ? GUIDE_EXAMPLE_UUID : uuid(seed, "asset", number);
	}

	static String scan(SandboxDialect dialect, long seed, long number) {
		if (dialect == SandboxDialect.REFERENCE) {
			return "sc-" + number;
		}
		return number == FIRST_CREATED_SCAN ? GUIDE_EXAMPLE_UUID : uuid(seed, "scan", number);
	}

	static String finding(SandboxDialect dialect, long seed, long number) {
		return dialect == SandboxDialect.REFERENCE ? "f-" + number : uuid(seed, "finding", number);
	}

	private static String uuid(long seed, String kind, long number) {
		return UUID.nameUUIDFromBytes(("s4e-sandbox/" + seed + "/" + kind + "/" + number)
			.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
