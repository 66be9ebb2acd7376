package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.ApiException;
import io.s4e.shell.api.Secret;

/**
 * The error-body parser: for any status and body (JSON of either dialect, HTML, text, bytes) the result is a typed
 * {@link ApiException} whose message is one printable line that never contains the token, even when the server
 * echoes it.
 */
class ErrorResponsesFuzzTest {

	static final String TOKEN = "s4e_live_FUZZCANARY_0b7d2e";

	private static final int[] STATUSES = { 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 418, 301 };

	private static final Object PARSER;

	private static final Method TO_EXCEPTION;

	static {
		try {
			// Package-private in the client; reached as the client reaches it, with the client's mapper.
			Class<?> type = Class.forName("io.s4e.shell.api.ErrorResponses");
			Constructor<?> c = type.getDeclaredConstructor(ObjectMapper.class, Secret.class);
			c.setAccessible(true);
			PARSER = c.newInstance(new ObjectMapper(), Secret.of(TOKEN));
			TO_EXCEPTION = type.getDeclaredMethod("toException", String.class, String.class, int.class, String.class,
					Duration.class, String.class);
			TO_EXCEPTION.setAccessible(true);
		}
		catch (ReflectiveOperationException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void errorBody(FuzzedDataProvider data) throws Exception {
		int status = STATUSES[data.consumeInt(0, STATUSES.length - 1)];
		Duration retryAfter = data.consumeBoolean() ? Duration.ofSeconds(data.consumeLong(0, 100_000)) : null;
		String subject = data.consumeBoolean() ? "scan " + data.consumeString(20) : null;
		boolean echoToken = data.consumeBoolean();
		String body = data.consumeRemainingAsString();
		if (echoToken) {
			body = body.replace("TOKEN", TOKEN);
		}
		ApiException e = toException("GET", "/api/scan/x", status, body, retryAfter, subject);
		assertThat(e).isNotNull();
		assertThat(e.httpStatus()).isEqualTo(status == 422 ? 400 : status == 301 ? 301 : status);
		assertThat(e.getMessage()).isNotBlank()
			.doesNotContain(TOKEN)
			.doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
	}

	static ApiException toException(String method, String path, int status, String body, Duration retryAfter,
			String subject) throws Exception {
		try {
			return (ApiException) TO_EXCEPTION.invoke(PARSER, method, path, status, body, retryAfter, subject);
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw e;
		}
	}

}
