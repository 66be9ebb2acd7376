package io.s4e.shell.api;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Debug log of each request (method, URL, status, time) at DEBUG on {@code io.s4e.shell.http}. Credentials are
 * never written: header values of Authorization and X-API-Key are masked, {@code token} query values too, and
 * every line passes through {@link Secret#redact} as a last guard.
 */
final class HttpLog implements Interceptor {

	private static final System.Logger LOG = System.getLogger("io.s4e.shell.http");

	private final Secret token;

	private final boolean enabled;

	HttpLog(Secret token, boolean enabled) {
		this.token = token;
		this.enabled = enabled;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		if (!enabled && !LOG.isLoggable(System.Logger.Level.DEBUG)) {
			return chain.proceed(request);
		}
		long start = System.nanoTime();
		String url = request.url().queryParameter("token") == null ? request.url().toString()
				: request.url().newBuilder().setQueryParameter("token", "****").build().toString();
		String auth = request.header("Authorization") != null || request.header("X-API-Key") != null
				? " [auth: ****]" : "";
		try {
			Response response = chain.proceed(request);
			long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			write("--> " + request.method() + " " + url + auth + " <-- " + response.code() + " (" + ms + " ms)"
					+ rateHeaders(response));
			return response;
		}
		catch (IOException e) {
			write("--> " + request.method() + " " + url + auth + " <-- failed: " + e.getClass().getSimpleName() + " "
					+ e.getMessage());
			throw e;
		}
	}

	private static String rateHeaders(Response r) {
		String remaining = r.header("X-RateLimit-Remaining");
		return remaining == null ? "" : " [rate " + remaining + "/" + r.header("X-RateLimit-Limit") + "]";
	}

	private void write(String line) {
		String safe = token == null ? line : token.redact(line);
		if (enabled) {
			System.err.println("[http] " + safe);
		}
		else {
			LOG.log(System.Logger.Level.DEBUG, safe);
		}
	}

}
