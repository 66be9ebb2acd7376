package io.s4e.shell.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an error answer (the documented {@code {"status":"error","error":{...}}} body, the manual API's
 * {@code {"message","code"}}, an HTML page or nothing) into a typed {@link ApiException} whose message says what
 * to do next.
 */
final class ErrorResponses {

	private final ObjectMapper mapper;

	private final Secret token;

	/** @param token redacted from anything the server sends back, should it echo the credentials */
	ErrorResponses(ObjectMapper mapper, Secret token) {
		this.mapper = mapper;
		this.token = token;
	}

	/** What the body said, as far as it could be read. */
	record ErrorBody(String code, String message, String field, List<String> allowed, String requiredScope,
			String scanId, Long retryAfter) {
	}

	ErrorBody parse(String body) {
		if (body == null || body.isBlank()) {
			return new ErrorBody(null, null, null, List.of(), null, null, null);
		}
		JsonNode root;
		try {
			root = mapper.readTree(body);
		}
		catch (Exception notJson) {
			return new ErrorBody(null, summariseNonJson(body), null, List.of(), null, null, null);
		}
		if (root == null || !root.isObject()) {
			return new ErrorBody(null, null, null, List.of(), null, null, null);
		}
		JsonNode err = root.get("error");
		JsonNode src = err != null && err.isObject() ? err : root;
		String message = ModelDecoder.text(src, "message");
		if (message == null && err != null && err.isTextual()) {
			message = err.asText();
		}
		if (message == null) {
			message = ModelDecoder.text(root, "message");
		}
		List<String> allowed = new ArrayList<>();
		JsonNode allowedNode = src.get("allowed");
		if (allowedNode != null && allowedNode.isArray()) {
			allowedNode.forEach(a -> allowed.add(a.asText()));
		}
		String scanId = ModelDecoder.text(src, "scan_id");
		if (scanId == null) {
			scanId = ModelDecoder.text(root, "scan_id");
		}
		if (scanId == null && root.get("data") != null && root.get("data").isObject()) {
			scanId = ModelDecoder.text(root.get("data"), "scan_id");
		}
		String scope = ModelDecoder.text(src, "required_scope");
		if (scope == null) {
			scope = ModelDecoder.text(src, "permission");
		}
		return new ErrorBody(ModelDecoder.text(src, "code"), clean(message), ModelDecoder.text(src, "field"),
				allowed, scope, scanId, ModelDecoder.longOrNull(src.get("retry_after")));
	}

	/**
	 * Builds the exception for a non-2xx answer.
	 * @param subject what the request was about, e.g. "scan sc-1" (used in 404 messages)
	 */
	ApiException toException(String method, String path, int status, String body, Duration retryAfterHeader,
			String subject) {
		ErrorBody e = redacted(parse(token == null ? body : token.redact(body)));
		// The server's own full stop is dropped: our sentence goes on after it.
		String said = e.message() == null ? "" : ": " + withoutFinalStop(e.message());
		String where = method + " " + path;
		return switch (status) {
			case 400, 422 -> {
				StringBuilder msg = new StringBuilder("The server rejected the request");
				if (e.field() != null) {
					msg.append(" because of '").append(e.field()).append("'");
				}
				msg.append(said).append('.');
				if (!e.allowed().isEmpty() && (e.message() == null || !e.message().contains(e.allowed().get(0)))) {
					msg.append(" Allowed: ").append(String.join(", ", e.allowed())).append('.');
				}
				yield new ApiException.BadRequest(e.code(), msg.toString(), e.field());
			}
			case 401 -> new ApiException.Unauthorized(e.code(), "Not authenticated (401)" + said
					+ ". The API token is missing, wrong or expired: set S4E_API_TOKEN or run `auth login`.");
			case 403 -> {
				String scope = e.requiredScope();
				String fix = scope == null ? " Use a token with the permission it needs (`auth login`)."
						: e.message() != null && e.message().contains(scope)
								? " Use a token with '" + scope + "' (`auth login`)."
								: " The token lacks '" + scope + "'; use a token with it (`auth login`).";
				yield new ApiException.Forbidden(e.code(), "Permission denied (403)" + said + "." + fix, scope);
			}
			case 404 -> new ApiException.NotFound(e.code(),
					(subject != null ? capitalise(clean(subject)) + " was not found (404)" + said
							: "Not found (404): " + clean(where))
							+ ". Check the ID (TAB completes IDs; `scan list`, `asset list`).",
					subject);
			case 409 -> {
				// The "already active" hint is for a create; a cancel's conflict names the finished scan itself.
				boolean active = e.scanId() != null && !"scan_not_cancellable".equals(e.code());
				yield new ApiException.Conflict(e.code(),
						"Conflict (409)" + said + "."
								+ (active ? " Scan " + e.scanId() + " is already active on that asset." : "")
								+ (active ? " Use `scan watch " + e.scanId() + "`." : ""),
						e.scanId());
			}
			case 429 -> {
				long wait = e.retryAfter() != null ? e.retryAfter()
						: retryAfterHeader != null ? Math.max(1, retryAfterHeader.toSeconds()) : 60;
				yield new ApiException.RateLimited(e.code(), "Rate limit reached (429)" + said + ". Retry in " + wait
						+ " s.", wait);
			}
			default -> {
				if (status >= 500) {
					yield new ApiException.ServerError(status, e.code(), "The server failed (" + status + ") on "
							+ where + said + ". This is on the server side; try again shortly.");
				}
				yield new ApiException(status, e.code(), "Unexpected HTTP " + status + " from " + where + said + ".");
			}
		};
	}

	/**
	 * A 409 to a cancel: the scan has already ended. Says so in the server's words, without the create path's
	 * "already active" advice, which would be wrong here.
	 */
	ApiException.Conflict notCancellable(String scanId, String body) {
		ErrorBody e = redacted(parse(token == null ? body : token.redact(body)));
		return new ApiException.Conflict(e.code(), "Scan " + scanId
				+ " cannot be cancelled: it is no longer queued or running"
				+ (e.message() == null ? "" : " (" + withoutFinalStop(e.message()) + ")") + ".", null);
	}

	/**
	 * The body's text redacted once more after cleaning: removing escapes and control characters can join a token
	 * the server sent split by them.
	 */
	private ErrorBody redacted(ErrorBody e) {
		if (token == null) {
			return e;
		}
		return new ErrorBody(token.redact(e.code()), token.redact(e.message()), token.redact(e.field()),
				e.allowed().stream().map(token::redact).toList(), token.redact(e.requiredScope()),
				token.redact(e.scanId()), e.retryAfter());
	}

	/** A server sentence without its full stop, so the message can go on after it. */
	private static String withoutFinalStop(String message) {
		String m = message.trim();
		while (m.endsWith(".")) {
			m = m.substring(0, m.length() - 1).trim();
		}
		return m;
	}

	private static String summariseNonJson(String body) {
		String lower = body.toLowerCase(Locale.ROOT);
		if (lower.contains("<html") || lower.contains("<!doctype")) {
			int t1 = lower.indexOf("<title>");
			int t2 = lower.indexOf("</title>");
			if (t1 >= 0 && t2 > t1) {
				return "an HTML page titled '" + clean(body.substring(t1 + 7, t2)) + "'";
			}
			return "an HTML page instead of JSON";
		}
		String oneLine = clean(body);
		return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
	}

	/** One line, no control characters: server text ends up in the terminal. */
	static String clean(String text) {
		if (text == null) {
			return null;
		}
		String noEscapes = text.replaceAll("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?", "")
			.replaceAll("\u001B\\[[0-?]*[ -/]*[@-~]", "");
		StringBuilder sb = new StringBuilder(noEscapes.length());
		for (int i = 0; i < noEscapes.length(); i++) {
			char c = noEscapes.charAt(i);
			if (c == '\n' || c == '\r' || c == '\t') {
				sb.append(' ');
			}
			else if (!Character.isISOControl(c)) {
				sb.append(c);
			}
		}
		return sb.toString().replaceAll(" {2,}", " ").trim();
	}

	private static String capitalise(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

}
