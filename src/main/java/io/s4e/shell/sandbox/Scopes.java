package io.s4e.shell.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The permissions endpoints require. The documentation spells scopes two ways ({@code write:scans} on the API-keys
 * page, {@code scan:write} in the guides); both are accepted, and {@code admin} grants everything.
 */
enum Scopes {

	READ_SCANS("scan:read", "read:scans", "scans:read", "read:scan"),
	WRITE_SCANS("scan:write", "write:scans", "scans:write", "write:scan"),
	READ_ASSETS("assets:read", "read:assets", "asset:read", "read:asset"),
	READ_FINDINGS("findings:read", "read:findings", "finding:read", "read:finding"),
	WRITE_FINDINGS("findings:write", "write:findings", "finding:write", "write:finding");

	static final String ADMIN = "admin";

	private final String reported;

	private final List<String> spellings;

	Scopes(String reported, String... spellings) {
		this.reported = reported;
		this.spellings = List.of(spellings);
	}

	/** The spelling named in a 403's {@code required_scope}. */
	String reported() {
		return reported;
	}

	/** Every spelling that grants this permission, for the 403's {@code accepted_scopes}. */
	List<String> accepted() {
		return List.of(reported, spellings.get(0), ADMIN);
	}

	boolean grantedBy(Set<String> scopes) {
		for (String scope : scopes) {
			String s = scope.trim().toLowerCase(Locale.ROOT);
			if (ADMIN.equals(s) || reported.equals(s) || spellings.contains(s)) {
				return true;
			}
		}
		return false;
	}

}
