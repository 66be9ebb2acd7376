package io.s4e.shell.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.wiremock.OpenApiValidationListener;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The OpenAPI document {@code openapi/s4e-api.yaml} as a test oracle: validates requests, responses and event
 * payloads against it and says exactly what broke the contract.
 * <ul>
 * <li>{@link #server()} is the strict form, for a real server (the sandbox): every documented header is required.</li>
 * <li>{@link #stubs()} is for WireMock stubs, which model only what one test needs: a stub may omit the
 * X-RateLimit-* headers, and a stub carrying {@link #EXEMPT_HEADER} (a deliberately malformed answer) is not
 * checked at all on the response side. Requests are always checked in full.</li>
 * </ul>
 * Both treat an undocumented query parameter as an error (the validator's default only logs it).
 */
public final class OpenApiContract {

	/** Classpath location of the document. */
	public static final String DOCUMENT = "openapi/s4e-api.yaml";

	/** Response header a WireMock stub sets when it answers off-contract on purpose (malformed JSON, HTML, ...). */
	public static final String EXEMPT_HEADER = "X-Contract-Exempt";

	private static final String UNEXPECTED_QUERY = "validation.request.parameter.query.unexpected";

	private static final String MISSING_RESPONSE_HEADER = "validation.response.header.missing";

	private static volatile String documentText;

	private static volatile OpenApiContract server;

	private static volatile OpenApiContract stubs;

	private final OpenApiInteractionValidator validator;

	private final OpenAPI api;

	private final SchemaValidator schemas;

	private final Map<Pattern, String> templates;

	/** Names (lower case) of the headers the document describes, and Content-Type. */
	private final Set<String> documentedHeaders = new HashSet<>();

	private final Map<String, ValidationReport> verdicts = new ConcurrentHashMap<>();

	private OpenApiContract(boolean forStubs) {
		LevelResolver.Builder levels = LevelResolver.create().withLevel(UNEXPECTED_QUERY, ValidationReport.Level.ERROR);
		ValidationErrorsWhitelist whitelist = ValidationErrorsWhitelist.create();
		if (forStubs) {
			levels.withLevel(MISSING_RESPONSE_HEADER, ValidationReport.Level.IGNORE);
			whitelist = whitelist.withRule("stub answers off-contract on purpose",
					(message, operation, request, response) -> response != null
							&& message.getKey().startsWith("validation.response")
							&& !response.getHeaderValues(EXEMPT_HEADER).isEmpty());
		}
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document())
			.withLevelResolver(levels.build())
			.withWhitelist(whitelist)
			.build();
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document(), null, options);
		this.api = parsed.getOpenAPI();
		this.schemas = new SchemaValidator(api, new MessageResolver());
		this.templates = templates(api);
		documentedHeaders.add("content-type");
		api.getComponents().getHeaders().keySet().forEach(h -> documentedHeaders.add(h.toLowerCase(Locale.ROOT)));
		api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> op.getResponses().values()
			.forEach(r -> {
				if (r.getHeaders() != null) {
					r.getHeaders().keySet().forEach(h -> documentedHeaders.add(h.toLowerCase(Locale.ROOT)));
				}
			})));
		// The first validation builds the schema engine (seconds on a busy machine); pay for it here, not inside
		// the first test's HTTP timeout.
		validator.validate(SimpleRequest.Builder.get("/api/scans").withAuthorization("Bearer warm-up").build(),
				SimpleResponse.Builder.ok().withContentType("application/json").withBody("{\"data\":[]}").build());
	}

	/** Strict: for a real server. */
	public static OpenApiContract server() {
		if (server == null) {
			synchronized (OpenApiContract.class) {
				if (server == null) {
					server = new OpenApiContract(false);
				}
			}
		}
		return server;
	}

	/** For WireMock stubs (see the class comment). */
	public static OpenApiContract stubs() {
		if (stubs == null) {
			synchronized (OpenApiContract.class) {
				if (stubs == null) {
					stubs = new OpenApiContract(true);
				}
			}
		}
		return stubs;
	}

	/** The document's text. */
	public static String document() {
		if (documentText == null) {
			try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
				if (in == null) {
					throw new IllegalStateException(DOCUMENT + " is not on the classpath");
				}
				documentText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return documentText;
	}

	public OpenAPI api() {
		return api;
	}

	/** A WireMock listener checking every request (and, within the stub rules, every response) it serves. */
	public OpenApiValidationListener wireMockListener() {
		return new OpenApiValidationListener(validator);
	}

	public ValidationReport validateRequest(Request request) {
		return validator.validateRequest(request);
	}

	/**
	 * Checks one response a server gave. A path or method the document does not have (the sandbox's own health
	 * check, a 404 for an unknown route, a 405) is outside the contract; an error answer there must still be the
	 * documented error body.
	 * @param path the request path without the query
	 */
	public ValidationReport validateResponse(String method, String path, int status, Map<String, List<String>> headers,
			String body) {
		SimpleResponse.Builder response = new SimpleResponse.Builder(status);
		headers.forEach((name, values) -> response.withHeader(name, values));
		if (body != null && !body.isEmpty()) {
			response.withBody(body);
		}
		Request.Method m = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
		String route = route(path);
		if (route == null || !documents(m, path)) {
			return status >= 400 ? validateSchema("ErrorResponse", body == null ? "" : body, "response.body")
					: ValidationReport.empty();
		}
		// A load test repeats answers (429s above all): the verdict on an identical answer is reused. Only the
		// digits of the documented headers vary between such answers, and their count is kept, so a verdict on
		// a header's form (integer, two-digit day) carries over exactly.
		StringBuilder key = new StringBuilder(m.name()).append(' ').append(route).append(' ').append(status);
		headers.entrySet()
			.stream()
			.filter(h -> h.getKey() != null && documentedHeaders.contains(h.getKey().toLowerCase(Locale.ROOT)))
			.sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
			.forEach(h -> key.append('\n')
				.append(h.getKey().toLowerCase(Locale.ROOT))
				.append('=')
				.append(String.join(",", h.getValue()).replaceAll("[0-9]", "1")));
		key.append('\n').append(body);
		if (verdicts.size() > 20_000) {
			verdicts.clear();
		}
		// Not computeIfAbsent: a validation takes long, and must not lock out other threads meanwhile.
		ValidationReport verdict = verdicts.get(key.toString());
		if (verdict == null) {
			verdict = validator.validateResponse(path, m, response.build());
			verdicts.put(key.toString(), verdict);
		}
		return verdict;
	}

	/** The path template a concrete path belongs to, or null. */
	private String route(String path) {
		for (Map.Entry<Pattern, String> route : templates.entrySet()) {
			if (route.getKey().matcher(path).matches()) {
				return route.getValue();
			}
		}
		return null;
	}

	/** Whether the document describes this method on this path. */
	public boolean documents(Request.Method method, String path) {
		String route = route(path);
		return route != null && api.getPaths()
			.get(route)
			.readOperationsMap()
			.containsKey(PathItem.HttpMethod.valueOf(method.name()));
	}

	/**
	 * Each path template as a pattern, literal paths first (so {@code /api/scan/create} is not read as
	 * {@code /api/scan/{id}}).
	 */
	private static Map<Pattern, String> templates(OpenAPI api) {
		Map<Pattern, String> templates = new LinkedHashMap<>();
		api.getPaths()
			.keySet()
			.stream()
			.sorted(Comparator.comparing((String t) -> t.contains("{")).thenComparing(Comparator.naturalOrder()))
			.forEach(t -> templates.put(
					Pattern.compile(Pattern.quote(t).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q") + "/?"), t));
		return templates;
	}

	/** Validates a JSON text against one of the document's component schemas, e.g. an event payload. */
	public ValidationReport validateSchema(String componentName, String json, String context) {
		@SuppressWarnings("rawtypes")
		Schema schema = api.getComponents().getSchemas().get(componentName);
		if (schema == null) {
			throw new IllegalArgumentException("no schema " + componentName + " in " + DOCUMENT);
		}
		return schemas.validate(json, schema, context);
	}

	/** The payload schema of an event type, e.g. {@code scan.progress} -> {@code ScanProgressEvent}. */
	public Optional<String> eventSchema(String eventType) {
		StringBuilder name = new StringBuilder();
		for (String part : eventType.split("[._]")) {
			if (!part.isEmpty()) {
				name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		name.append("Event");
		return api.getComponents().getSchemas().containsKey(name.toString()) ? Optional.of(name.toString())
				: Optional.empty();
	}

	/** Throws an AssertionError naming the interaction and every error, when the report has errors. */
	public static void assertValid(ValidationReport report, String what) {
		if (report.hasErrors()) {
			throw new AssertionError(what + " breaks " + DOCUMENT + ":\n" + describe(report));
		}
	}

	/** The report's errors, one per line with nested details. */
	public static String describe(ValidationReport report) {
		List<String> lines = new ArrayList<>();
		for (ValidationReport.Message m : report.getMessages()) {
			if (m.getLevel() == ValidationReport.Level.ERROR) {
				lines.add("  [" + m.getKey() + "] " + m.getMessage()
						+ (m.getNestedMessages().isEmpty() ? "" : m.getNestedMessages().stream()
							.map(n -> "\n      " + n.getMessage())
							.collect(Collectors.joining())));
			}
		}
		return String.join("\n", lines);
	}

	/** Keys of the report's errors, e.g. {@code validation.request.body.schema.enum}. */
	public static List<String> errorKeys(ValidationReport report) {
		return report.getMessages()
			.stream()
			.filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
			.map(ValidationReport.Message::getKey)
			.toList();
	}

}
