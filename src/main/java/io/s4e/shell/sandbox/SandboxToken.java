package io.s4e.shell.sandbox;

import java.util.Set;

/**
 * An API token the sandbox accepts, with its scopes. Scopes may be spelled either way the documentation does
 * ({@code write:scans} or {@code scan:write}); {@code admin} grants everything.
 */
public record SandboxToken(String value, Set<String> scopes) {

	public SandboxToken {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("token value must not be blank");
		}
		scopes = Set.copyOf(scopes);
	}

	public static SandboxToken of(String value, String... scopes) {
		return new SandboxToken(value, Set.of(scopes));
	}

	/** A token with every scope. */
	public static SandboxToken admin(String value) {
		return of(value, "admin");
	}

}
