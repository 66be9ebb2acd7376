package io.s4e.shell.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API error answered as {@code {"status":"error","error":{"code":...,"message":...,...extras}}}. Thrown from
 * anywhere in request handling; the handler turns it into the response.
 */
final class ApiError extends RuntimeException {

	final int httpStatus;

	final String code;

	/** Extra members of the {@code error} object. */
	final Map<String, Object> extras = new LinkedHashMap<>();

	/** Extra members repeated at the top level of the body (the 409's {@code scan_id}). */
	final Map<String, Object> topLevel = new LinkedHashMap<>();

	/** Extra response headers (Retry-After, Allow, WWW-Authenticate). */
	final Map<String, String> headers = new LinkedHashMap<>();

	ApiError(int httpStatus, String code, String message) {
		super(message, null, false, false);
		this.httpStatus = httpStatus;
		this.code = code;
	}

	ApiError with(String key, Object value) {
		extras.put(key, value);
		return this;
	}

	ApiError header(String name, String value) {
		headers.put(name, value);
		return this;
	}

	static ApiError invalid(String field, String message) {
		return new ApiError(400, "invalid_request", message).with("field", field);
	}

	static ApiError invalid(String field, String message, List<String> allowed) {
		return invalid(field, message).with("allowed", allowed);
	}

	static ApiError notFound(String resource, String id) {
		return new ApiError(404, "not_found", "No " + resource + " with id '" + id + "'.").with("resource", resource)
			.with("id", id);
	}

}
