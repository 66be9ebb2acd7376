package io.s4e.shell.api;

import java.util.Locale;

/** How the token travels: the documented {@code Authorization: Bearer} header or {@code X-API-Key}. */
public enum AuthScheme {

	BEARER, API_KEY;

	public static AuthScheme parse(String value) {
		if (value == null || value.isBlank()) {
			return BEARER;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
			case "bearer" -> BEARER;
			case "api_key", "x_api_key", "apikey" -> API_KEY;
			default -> throw new ConfigurationException(
					"Unknown auth scheme '" + value + "'. Use 'bearer' or 'api-key'.");
		};
	}

}
