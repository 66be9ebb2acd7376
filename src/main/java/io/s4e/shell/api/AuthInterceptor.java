package io.s4e.shell.api;

import java.io.IOException;
import java.util.Locale;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the token as a network interceptor, so it runs again for every redirect hop: the token goes only to the
 * configured origin (scheme, host and port), and only over https or to loopback over http. A redirect elsewhere
 * is followed without credentials.
 */
final class AuthInterceptor implements Interceptor {

	private final Secret token;

	private final AuthScheme scheme;

	private final HttpUrl origin;

	AuthInterceptor(Secret token, AuthScheme scheme, HttpUrl origin) {
		this.token = token;
		this.scheme = scheme;
		this.origin = origin;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request().newBuilder().removeHeader("Authorization").removeHeader("X-API-Key").build();
		if (token != null && mayCarryToken(request.url())) {
			Request.Builder b = request.newBuilder();
			if (scheme == AuthScheme.API_KEY) {
				b.header("X-API-Key", token.reveal());
			}
			else {
				b.header("Authorization", "Bearer " + token.reveal());
			}
			request = b.build();
		}
		return chain.proceed(request);
	}

	boolean mayCarryToken(HttpUrl url) {
		boolean sameOrigin = url.scheme().equals(origin.scheme())
				&& url.host().toLowerCase(Locale.ROOT).equals(origin.host().toLowerCase(Locale.ROOT))
				&& url.port() == origin.port();
		boolean safeTransport = url.isHttps() || ClientConfig.isLoopback(url.host());
		return sameOrigin && safeTransport;
	}

}
