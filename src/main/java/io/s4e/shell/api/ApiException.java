package io.s4e.shell.api;

/**
 * An error answered by the API or met on the way to it. Subclasses name the documented cases; all map to exit
 * code 3.
 */
public class ApiException extends S4eException {

	private final int httpStatus;

	private final String errorCode;

	public ApiException(int httpStatus, String errorCode, String message) {
		super(message);
		this.httpStatus = httpStatus;
		this.errorCode = errorCode;
	}

	public ApiException(int httpStatus, String errorCode, String message, Throwable cause) {
		super(message, cause);
		this.httpStatus = httpStatus;
		this.errorCode = errorCode;
	}

	/** HTTP status, or 0 when no response arrived. */
	public int httpStatus() {
		return httpStatus;
	}

	/** The server's {@code error.code}, when it sent one. */
	public String errorCode() {
		return errorCode;
	}

	@Override
	public int exitCode() {
		return EXIT_API;
	}

	/** 400: names the field and the allowed values when the server said them. */
	public static class BadRequest extends ApiException {

		private final String field;

		public BadRequest(String code, String message, String field) {
			super(400, code, message);
			this.field = field;
		}

		public String field() {
			return field;
		}

	}

	/** 401: token missing, wrong or expired. */
	public static class Unauthorized extends ApiException {

		public Unauthorized(String code, String message) {
			super(401, code, message);
		}

	}

	/** 403: the token lacks a permission. */
	public static class Forbidden extends ApiException {

		private final String requiredScope;

		public Forbidden(String code, String message, String requiredScope) {
			super(403, code, message);
			this.requiredScope = requiredScope;
		}

		public String requiredScope() {
			return requiredScope;
		}

	}

	/** 404: the named resource does not exist. */
	public static class NotFound extends ApiException {

		private final String resourceId;

		public NotFound(String code, String message, String resourceId) {
			super(404, code, message);
			this.resourceId = resourceId;
		}

		public String resourceId() {
			return resourceId;
		}

	}

	/** 409: a scan is already queued or running on the asset, or the scan can no longer change. */
	public static class Conflict extends ApiException {

		private final String existingScanId;

		public Conflict(String code, String message, String existingScanId) {
			super(409, code, message);
			this.existingScanId = existingScanId;
		}

		/** The running scan's ID the server named, or null. */
		public String existingScanId() {
			return existingScanId;
		}

	}

	/** 429 after the retries ran out. */
	public static class RateLimited extends ApiException {

		private final long retryAfterSeconds;

		public RateLimited(String code, String message, long retryAfterSeconds) {
			super(429, code, message);
			this.retryAfterSeconds = retryAfterSeconds;
		}

		public long retryAfterSeconds() {
			return retryAfterSeconds;
		}

	}

	/** 5xx after the retries ran out. */
	public static class ServerError extends ApiException {

		public ServerError(int status, String code, String message) {
			super(status, code, message);
		}

	}

	/** No usable answer: connection refused or reset, DNS, TLS. */
	public static class Network extends ApiException {

		public Network(String message, Throwable cause) {
			super(0, null, message, cause);
		}

	}

	/** The server took longer than the client's deadline. */
	public static class Timeout extends ApiException {

		public Timeout(String message, Throwable cause) {
			super(0, null, message, cause);
		}

		@Override
		public int exitCode() {
			return EXIT_API;
		}

	}

	/** A 2xx answer whose body is not what any documented variant looks like. */
	public static class MalformedResponse extends ApiException {

		public MalformedResponse(int status, String message, Throwable cause) {
			super(status, null, message, cause);
		}

	}

}
