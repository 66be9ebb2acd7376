package io.s4e.shell.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything the client needs to talk to one S4E server.
 *
 * @param baseUrl origin and optional path prefix, e.g. {@code https://api.s4e.io}; paths start with {@code /api}
 * @param token may be null for a server that needs none (requests then get 401 and say how to set a token)
 * @param callTimeout per attempt; {@code totalDeadline} bounds all retries of one call
 * @param maxAttempts attempts of an idempotent request, the first included
 */
public record ClientConfig(URI baseUrl, Secret token, AuthScheme authScheme, Duration connectTimeout,
		Duration callTimeout, Duration totalDeadline, int maxAttempts, Duration minBackoff, Duration maxBackoff,
		boolean debugHttp, String userAgent) {

	public static final String DEFAULT_BASE_URL = "https://api.s4e.io";

	public ClientConfig {
		if (baseUrl == null) {
			throw new ConfigurationException("No base URL. Set S4E_BASE_URL, e.g. https://api.s4e.io.");
		}
		String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http") || baseUrl.getHost() == null) {
			throw new ConfigurationException("Base URL '" + baseUrl
					+ "' is not an http(s) URL. Use e.g. https://api.s4e.io or http://127.0.0.1:8080.");
		}
		if (token != null && scheme.equals("http") && !isLoopback(baseUrl.getHost())) {
			throw new ConfigurationException("Refusing to send the API token over plain http to " + baseUrl.getHost()
					+ ". Use an https:// base URL (plain http is allowed only to loopback).");
		}
		String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
		if (path.endsWith("/")) {
			baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
		}
		authScheme = authScheme == null ? AuthScheme.BEARER : authScheme;
		connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
		callTimeout = callTimeout == null ? Duration.ofSeconds(30) : callTimeout;
		totalDeadline = totalDeadline == null ? Duration.ofSeconds(90) : totalDeadline;
		maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
		minBackoff = minBackoff == null ? Duration.ofMillis(250) : minBackoff;
		maxBackoff = maxBackoff == null ? Duration.ofSeconds(20) : maxBackoff;
		userAgent = userAgent == null ? "s4e-shell" : userAgent;
	}

	public static ClientConfig of(String baseUrl, Secret token) {
		return new ClientConfig(URI.create(baseUrl), token, AuthScheme.BEARER, null, null, null, 0, null, null,
				false, null);
	}

	public ClientConfig withTimeouts(Duration callTimeout, Duration totalDeadline) {
		return new ClientConfig(baseUrl, token, authScheme, connectTimeout, callTimeout, totalDeadline, maxAttempts,
				minBackoff, maxBackoff, debugHttp, userAgent);
	}

	public ClientConfig withRetries(int maxAttempts, Duration minBackoff, Duration maxBackoff) {
		return new ClientConfig(baseUrl, token, authScheme, connectTimeout, callTimeout, totalDeadline, maxAttempts,
				minBackoff, maxBackoff, debugHttp, userAgent);
	}

	public ClientConfig withAuthScheme(AuthScheme scheme) {
		return new ClientConfig(baseUrl, token, scheme, connectTimeout, callTimeout, totalDeadline, maxAttempts,
				minBackoff, maxBackoff, debugHttp, userAgent);
	}

	public ClientConfig withDebugHttp(boolean debug) {
		return new ClientConfig(baseUrl, token, authScheme, connectTimeout, callTimeout, totalDeadline, maxAttempts,
				minBackoff, maxBackoff, debug, userAgent);
	}

	/** Literal loopback names and addresses only: no DNS lookup, so a hostile resolver cannot redirect the token. */
	public static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		String h = host.toLowerCase(Locale.ROOT);
		if (h.startsWith("[") && h.endsWith("]")) {
			h = h.substring(1, h.length() - 1);
		}
		if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
			return true;
		}
		if (h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
			try {
				return InetAddress.getByName(h).isLoopbackAddress();
			}
			catch (UnknownHostException e) {
				return false;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ClientConfig[baseUrl=" + baseUrl + ", token=" + (token == null ? "none" : "****") + ", auth="
				+ authScheme + "]";
	}

}
