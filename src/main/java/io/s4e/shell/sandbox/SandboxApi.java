package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The S4E-compatible HTTP API: routing, authentication, scopes, rate limits, validation and the endpoints. Every
 * response, errors included, carries {@code X-RateLimit-Limit/Remaining/Reset}.
 */
final class SandboxApi implements HttpHandler {

	private static final System.Logger LOG = System.getLogger(SandboxApi.class.getName());

	private static final int MAX_BODY_BYTES = 64 * 1024;

	static final List<String> SCAN_STATUSES = List.of("queued", "running", "completed", "failed", "cancelled");

	static final List<String> PRIORITIES = List.of("low", "normal", "high");

	static final List<String> ASSET_TYPES = List.of("domain", "ip", "url", "network");

	static final List<String> ASSET_STATUSES = List.of("active", "inactive", "pending_verification");

	static final List<String> SCAN_SORT_FIELDS = List.of("created_at", "started_at", "completed_at");

	static final List<String> ASSET_SORT_FIELDS = List.of("name", "type", "created_at", "risk_score");

	static final List<String> FINDING_SORT_FIELDS = List.of("severity", "cvss", "discovered_at", "created_at",
			"title");

	static final List<String> SCAN_LIST_PARAMETERS = List.of("status", "asset_id", "scan_type", "priority", "from", "to",
			"page", "per_page", "sort_by", "sort_order");

	static final List<String> RESULT_PARAMETERS = List.of("severity", "page", "per_page");

	static final List<String> ASSET_LIST_PARAMETERS = List.of("type", "tag", "status", "search", "page", "per_page",
			"sort_by", "sort_order");

	static final List<String> FINDING_LIST_PARAMETERS = List.of("severity", "status", "asset_id", "scan_id",
			"cvss_min", "cvss_max", "search", "page", "per_page", "sort_by", "sort_order");

	static final List<String> STREAM_PARAMETERS = List.of("token", "events", "asset_id", "last_event_id");

	static final List<String> EVENT_TYPES = List.of("scan.created", "scan.progress", "scan.completed", "scan.failed",
			"scan.cancelled", "finding.new", "finding.status_changed", "heartbeat");

	/** A route's permission and what serves it. */
	private record Route(Scopes scope, Endpoint endpoint, boolean stream) {

		Route(Scopes scope, Endpoint endpoint) {
			this(scope, endpoint, false);
		}

	}

	@FunctionalInterface
	private interface Endpoint {

		/** Returns the response, or null when the exchange was handed off (event streams). */
		Response serve(Call call) throws IOException;

	}

	private record Response(int status, JsonNode body, Map<String, String> headers) {

		static Response ok(JsonNode body) {
			return new Response(200, body, Map.of());
		}

	}

	/** One request being served. */
	private static final class Call {

		final HttpExchange exchange;

		final List<String> segments;

		final QueryParams query;

		final long now;

		String token;

		RateLimiter.Decision rate;

		Call(HttpExchange exchange, List<String> segments, QueryParams query, long now) {
			this.exchange = exchange;
			this.segments = segments;
			this.query = query;
			this.now = now;
		}

		String segment(int i) {
			return segments.get(i);
		}

	}

	private final SandboxServer server;

	private final SandboxWorld world;

	private final SandboxJson json;

	private final SandboxDialect dialect;

	private final RateLimiter tierLimiter;

	private final RateLimiter createLimiter;

	private final EventStream eventStream;

	private final AtomicLong requestCounter = new AtomicLong();

	/** Paging through a large world filters and sorts it once, not once per page; any change starts afresh. */
	private FindingListing lastFindingListing;

	private record FindingFilter(List<String> severities, List<String> statuses, List<String> assetIds,
			List<String> scanIds, Double cvssMin, Double cvssMax, String needle, String sortBy, boolean desc) {
	}

	private record FindingListing(FindingFilter filter, long generation, List<SandboxFinding> matches) {
	}

	SandboxApi(SandboxServer server, SandboxWorld world, EventStream eventStream) {
		this.server = server;
		this.world = world;
		this.json = new SandboxJson(world, SandboxServer.MAPPER);
		this.dialect = world.dialect;
		this.tierLimiter = new RateLimiter(server.config().tierRateLimit());
		this.createLimiter = new RateLimiter(server.config().createRateLimit());
		this.eventStream = eventStream;
	}

	@Override
	public void handle(HttpExchange exchange) {
		String requestId = "req-" + Long.toString(requestCounter.incrementAndGet(), 36);
		exchange.getResponseHeaders().set("X-Request-Id", requestId);
		Call call = null;
		try {
			long now = server.clock().millis();
			URI uri = exchange.getRequestURI();
			call = new Call(exchange, segments(uri.getRawPath()), QueryParams.parse(uri.getRawQuery()), now);
			Response response = dispatch(call);
			if (response != null) {
				send(exchange, response.status(), response.body(), response.headers(), call.rate);
			}
		}
		catch (ApiError e) {
			sendError(exchange, e, call);
		}
		catch (Exception e) {
			LOG.log(System.Logger.Level.ERROR, "sandbox request " + requestId + " failed", e);
			sendError(exchange, new ApiError(500, "internal_error",
					"The sandbox failed to handle this request (" + requestId + ")."), call);
		}
	}

	private Response dispatch(Call call) throws IOException {
		String method = call.exchange.getRequestMethod().toUpperCase(Locale.ROOT);
		List<String> s = call.segments;
		if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("health")) {
			requireMethod(method, "GET");
			return health();
		}
		Route route = route(method, s);
		// Browsers cannot set headers on EventSource, so only the stream takes ?token=.
		authenticate(call, route.stream());
		call.rate = tierLimiter.take(call.token, call.now);
		if (!call.rate.allowed()) {
			throw rateLimited(call.rate, "Rate limit of " + call.rate.limit() + " requests per minute exceeded.");
		}
		SandboxToken token = server.tokens().get(call.token);
		if (!route.scope().grantedBy(token.scopes())) {
			throw new ApiError(403, "forbidden", "This token lacks the " + route.scope().reported()
					+ " scope required for " + method + " " + call.exchange.getRequestURI().getRawPath() + ".")
				.with("required_scope", route.scope().reported())
				.with("accepted_scopes", route.scope().accepted());
		}
		return route.endpoint().serve(call);
	}

	private Route route(String method, List<String> s) {
		if (s.size() < 2 || !s.get(0).equals("api")) {
			throw ApiError.notFound("route", "/" + String.join("/", s));
		}
		String head = s.get(1);
		int n = s.size();
		if (head.equals("scan") && n == 3 && s.get(2).equals("create")) {
			requireMethod(method, "POST");
			return new Route(Scopes.WRITE_SCANS, this::createScan);
		}
		if (head.equals("scans") && n == 2) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_SCANS, this::listScans);
		}
		if (head.equals("scan") && n == 3) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_SCANS, this::scanDetails);
		}
		if (head.equals("scan") && n == 4) {
			switch (s.get(3)) {
				case "status":
					requireMethod(method, "GET");
					return new Route(Scopes.READ_SCANS, this::scanStatus);
				case "cancel":
					requireMethod(method, "POST");
					return new Route(Scopes.WRITE_SCANS, this::cancelScan);
				case "results":
					requireMethod(method, "GET");
					return new Route(Scopes.READ_SCANS, this::scanResults);
				default:
					break;
			}
		}
		if (head.equals("assets") && n == 2) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_ASSETS, this::listAssets);
		}
		if (head.equals("assets") && n == 3) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_ASSETS, this::assetDetails);
		}
		if (head.equals("findings") && n == 2) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_FINDINGS, this::listFindings);
		}
		if (head.equals("findings") && n == 3) {
			requireMethod(method, "GET", "PATCH");
			return method.equals("PATCH") ? new Route(Scopes.WRITE_FINDINGS, this::updateFinding)
					: new Route(Scopes.READ_FINDINGS, this::findingDetails);
		}
		if (head.equals("events") && n == 3 && s.get(2).equals("stream") && server.config().eventStream()) {
			requireMethod(method, "GET");
			return new Route(Scopes.READ_SCANS, this::eventStream, true);
		}
		throw ApiError.notFound("route", "/" + String.join("/", s));
	}

	private static void requireMethod(String method, String... allowed) {
		for (String a : allowed) {
			if (a.equals(method)) {
				return;
			}
		}
		throw new ApiError(405, "invalid_request", "Method " + method + " is not allowed here.")
			.with("allowed", List.of(allowed))
			.header("Allow", String.join(", ", allowed));
	}

	private void authenticate(Call call, boolean queryTokenAllowed) {
		var headers = call.exchange.getRequestHeaders();
		String token = null;
		String authorization = headers.getFirst("Authorization");
		if (authorization != null) {
			String value = authorization.trim();
			if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
				token = value.substring(7).trim();
			}
		}
		if (token == null || token.isEmpty()) {
			String apiKey = headers.getFirst("X-API-Key");
			token = apiKey == null ? null : apiKey.trim();
		}
		if ((token == null || token.isEmpty()) && queryTokenAllowed) {
			token = call.query.get("token");
		}
		if (token == null || token.isEmpty()) {
			throw new ApiError(401, "unauthorized",
					"Missing API token: send 'Authorization: Bearer <token>' or 'X-API-Key: <token>'.")
				.header("WWW-Authenticate", "Bearer realm=\"s4e\"");
		}
		if (!server.tokens().containsKey(token)) {
			throw new ApiError(401, "unauthorized", "Invalid or revoked API token.").header("WWW-Authenticate",
					"Bearer realm=\"s4e\", error=\"invalid_token\"");
		}
		call.token = token;
	}

	private static ApiError rateLimited(RateLimiter.Decision rate, String message) {
		// When to retry is in retry_after and Retry-After; clients word it themselves.
		return new ApiError(429, "rate_limited", message)
			.with("retry_after", rate.retryAfterSeconds())
			.header("Retry-After", Long.toString(rate.retryAfterSeconds()));
	}

	// ---------------------------------------------------------------- endpoints

	private Response health() {
		ObjectNode body = SandboxJson.JSON.objectNode();
		body.put("status", "ok");
		body.put("service", "s4e-sandbox");
		body.put("dialect", dialect.wireName());
		body.put("instance_id", server.instanceId());
		body.put("time", SandboxJson.time(server.clock().millis()));
		return Response.ok(body);
	}

	private Response createScan(Call call) throws IOException {
		RateLimiter.Decision create = createLimiter.take(call.token, call.now);
		// The create endpoint reports its own, stricter limit.
		call.rate = create.allowed() || !call.rate.allowed() ? create : call.rate;
		if (!create.allowed()) {
			throw rateLimited(create, "Scan creation is limited to " + create.limit() + " per minute.");
		}
		JsonNode body = readJsonObject(call.exchange);
		String assetId = requiredString(body, "asset_id");
		String scanType = requiredChoice(body, "scan_type", SandboxConfig.SCAN_TYPES);
		String priority = optionalChoice(body, "priority", PRIORITIES, "normal");
		Map<String, Object> options = new LinkedHashMap<>();
		List<String> categories = null;
		Long timeoutMillis = null;
		JsonNode optionsNode = body.get("options");
		if (optionsNode != null && !optionsNode.isNull()) {
			if (!optionsNode.isObject()) {
				throw ApiError.invalid("options", "options must be a JSON object.");
			}
			options = SandboxServer.MAPPER.convertValue(optionsNode, SandboxServer.MAP_TYPE);
			categories = categories(optionsNode.get("categories"));
			JsonNode timeout = optionsNode.get("timeout");
			if (timeout != null && !timeout.isNull()) {
				if (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() < 1) {
					throw ApiError.invalid("options.timeout", "options.timeout must be a positive number of seconds.");
				}
				timeoutMillis = timeout.asLong() * 1000;
			}
		}
		String callbackUrl = callbackUrl(body.get("callback_url"));
		SandboxWorld.CreateScan request = new SandboxWorld.CreateScan(assetId, scanType, priority, options,
				callbackUrl, categories, timeoutMillis);
		ObjectNode scan;
		String scanId;
		synchronized (world) {
			SandboxScan created = world.create(request, call.now);
			scan = json.scan(created, call.now);
			scanId = created.id;
		}
		// The scan must be on disk before the client learns its ID.
		server.persistNow();
		return new Response(201, json.single(scan), Map.of("Location", "/api/scan/" + scanId));
	}

	private static List<String> categories(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isArray()) {
			throw ApiError.invalid("options.categories", "options.categories must be an array of categories.",
					FindingCatalog.CATEGORIES);
		}
		List<String> categories = new ArrayList<>();
		for (JsonNode item : node) {
			if (!item.isTextual() || !FindingCatalog.CATEGORIES.contains(item.asText())) {
				throw ApiError.invalid("options.categories", "Unknown check category " + item + ".",
						FindingCatalog.CATEGORIES);
			}
			categories.add(item.asText());
		}
		return categories.isEmpty() ? null : categories;
	}

	/** Only loopback http(s) URLs: the sandbox never calls out beyond this machine. */
	private static String callbackUrl(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isTextual() || node.asText().isBlank()) {
			throw ApiError.invalid("callback_url", "callback_url must be an http(s) URL string.");
		}
		String value = node.asText().trim();
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException e) {
			throw ApiError.invalid("callback_url", "callback_url is not a valid URL: " + e.getReason() + ".");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw ApiError.invalid("callback_url", "callback_url must use http or https.", List.of("http", "https"));
		}
		String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
		boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
				|| host.matches("127(\\.\\d{1,3}){3}");
		if (!loopback) {
			throw ApiError.invalid("callback_url",
					"The sandbox only delivers callbacks to loopback hosts (127.0.0.1, localhost, [::1]).",
					List.of("127.0.0.1", "localhost", "[::1]"));
		}
		return value;
	}

	private Response listScans(Call call) {
		QueryParams q = call.query;
		q.requireOnly(SCAN_LIST_PARAMETERS);
		List<String> statuses = q.list("status", SCAN_STATUSES);
		List<String> assetIds = q.ids("asset_id");
		List<String> types = q.list("scan_type", SandboxConfig.SCAN_TYPES);
		List<String> priorities = q.list("priority", PRIORITIES);
		Long from = q.instant("from", false);
		Long to = q.instant("to", true);
		String sortBy = q.choice("sort_by", SCAN_SORT_FIELDS, "created_at");
		boolean desc = q.choice("sort_order", QueryParams.SORT_ORDERS, "desc").equals("desc");
		QueryParams.Paging paging = q.paging(20);
		synchronized (world) {
			world.advanceTo(call.now);
			List<SandboxScan> matches = new ArrayList<>();
			for (SandboxScan scan : world.scans.values()) {
				if ((statuses.isEmpty() || statuses.contains(scan.status))
						&& (assetIds.isEmpty() || assetIds.contains(scan.assetId))
						&& (types.isEmpty() || types.contains(scan.scanType))
						&& (priorities.isEmpty() || priorities.contains(scan.priority))
						&& (from == null || scan.createdAt >= from) && (to == null || scan.createdAt <= to)) {
					matches.add(scan);
				}
			}
			Comparator<SandboxScan> order = switch (sortBy) {
				case "started_at" -> Comparator.comparing(s -> s.startedAt,
						Comparator.nullsFirst(Comparator.naturalOrder()));
				case "completed_at" -> Comparator.comparing(s -> s.endedAt,
						Comparator.nullsFirst(Comparator.naturalOrder()));
				default -> Comparator.comparingLong(s -> s.createdAt);
			};
			order = order.thenComparingLong(s -> s.number);
			matches.sort(desc ? order.reversed() : order);
			List<JsonNode> items = new ArrayList<>();
			for (SandboxScan scan : paging.slice(matches)) {
				items.add(json.scan(scan, call.now));
			}
			return Response.ok(json.page("scans", items, matches.size(), paging.page(), paging.perPage()));
		}
	}

	private SandboxScan scan(Call call) {
		String id = call.segment(2);
		SandboxScan scan = world.scans.get(id);
		if (scan == null) {
			throw ApiError.notFound("scan", id);
		}
		return scan;
	}

	private Response scanDetails(Call call) {
		synchronized (world) {
			world.advanceTo(call.now);
			return Response.ok(json.single(json.scan(scan(call), call.now)));
		}
	}

	private Response scanStatus(Call call) {
		synchronized (world) {
			world.advanceTo(call.now);
			return Response.ok(json.single(json.scanStatus(scan(call), call.now)));
		}
	}

	private Response cancelScan(Call call) {
		synchronized (world) {
			SandboxScan scan = world.cancel(call.segment(2), call.now);
			ObjectNode body = SandboxJson.JSON.objectNode();
			body.put("scan_id", scan.id);
			body.put("status", scan.status);
			body.put("message", "Scan cancelled by user.");
			body.put("progress", scan.endProgress);
			body.put("finding_count", scan.discovered);
			return Response.ok(json.single(body));
		}
	}

	private Response scanResults(Call call) {
		call.query.requireOnly(RESULT_PARAMETERS);
		List<String> severities = call.query.list("severity", SandboxJson.SEVERITIES);
		QueryParams.Paging paging = call.query.paging(dialect.findingsPerPageDefault());
		synchronized (world) {
			world.advanceTo(call.now);
			SandboxScan scan = scan(call);
			List<SandboxFinding> matches = new ArrayList<>();
			for (SandboxFinding f : world.findingsOfScan(scan.id)) {
				if (severities.isEmpty() || severities.contains(f.template().severity())) {
					matches.add(f);
				}
			}
			matches.sort(bySeverity().reversed().thenComparingLong(f -> f.number));
			return Response.ok(findingPage(matches, paging));
		}
	}

	private JsonNode findingPage(List<SandboxFinding> matches, QueryParams.Paging paging) {
		List<JsonNode> items = new ArrayList<>();
		for (SandboxFinding f : paging.slice(matches)) {
			items.add(json.finding(f));
		}
		return json.page("findings", items, matches.size(), paging.page(), paging.perPage());
	}

	private Response listAssets(Call call) {
		QueryParams q = call.query;
		q.requireOnly(ASSET_LIST_PARAMETERS);
		List<String> types = q.list("type", ASSET_TYPES);
		List<String> statuses = q.list("status", ASSET_STATUSES);
		String tag = q.get("tag");
		String search = q.get("search");
		String sortBy = q.choice("sort_by", ASSET_SORT_FIELDS, "created_at");
		boolean desc = q.choice("sort_order", QueryParams.SORT_ORDERS, "desc").equals("desc");
		QueryParams.Paging paging = q.paging(20);
		String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
		synchronized (world) {
			world.advanceTo(call.now);
			List<SandboxAsset> matches = new ArrayList<>();
			for (SandboxAsset asset : world.assets.values()) {
				if ((types.isEmpty() || types.contains(asset.type()))
						&& (statuses.isEmpty() || statuses.contains(asset.status()))
						&& (tag == null || asset.tags().stream().anyMatch(t -> t.equalsIgnoreCase(tag)))
						&& (needle == null || searchText(asset).contains(needle))) {
					matches.add(asset);
				}
			}
			Comparator<SandboxAsset> order = switch (sortBy) {
				case "name" -> Comparator.comparing(a -> a.name().toLowerCase(Locale.ROOT));
				case "type" -> Comparator.comparing(SandboxAsset::type);
				case "risk_score" -> Comparator.comparingInt(SandboxAsset::riskScore);
				default -> Comparator.comparingLong(SandboxAsset::createdAt);
			};
			order = order.thenComparingInt(SandboxAsset::number);
			matches.sort(desc ? order.reversed() : order);
			List<JsonNode> items = new ArrayList<>();
			for (SandboxAsset asset : paging.slice(matches)) {
				items.add(json.asset(asset));
			}
			// Asset lists are documented only as {"data": [...], "meta"}; no guide lists assets.
			return Response.ok(json.page("data", items, matches.size(), paging.page(), paging.perPage()));
		}
	}

	/** Full-text search covers the name and the metadata. */
	private static String searchText(SandboxAsset asset) {
		StringBuilder text = new StringBuilder(asset.name()).append(' ').append(asset.id());
		if (asset.registrar() != null) {
			text.append(' ').append(asset.registrar());
		}
		asset.ipAddresses().forEach(ip -> text.append(' ').append(ip));
		asset.technologies().forEach(t -> text.append(' ').append(t));
		asset.tags().forEach(t -> text.append(' ').append(t));
		return text.toString().toLowerCase(Locale.ROOT);
	}

	private Response assetDetails(Call call) {
		String id = call.segment(2);
		synchronized (world) {
			world.advanceTo(call.now);
			SandboxAsset asset = world.assets.get(id);
			if (asset == null) {
				throw ApiError.notFound("asset", id);
			}
			return Response.ok(json.single(json.asset(asset)));
		}
	}

	private Response listFindings(Call call) {
		QueryParams q = call.query;
		q.requireOnly(FINDING_LIST_PARAMETERS);
		List<String> severities = q.list("severity", SandboxJson.SEVERITIES);
		List<String> statuses = q.list("status", dialect.findingStatuses());
		List<String> assetIds = q.ids("asset_id");
		List<String> scanIds = q.ids("scan_id");
		Double cvssMin = q.decimal("cvss_min", 0, 10);
		Double cvssMax = q.decimal("cvss_max", 0, 10);
		String search = q.get("search");
		String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
		String defaultSort = dialect == SandboxDialect.REFERENCE ? "discovered_at" : "severity";
		String sortBy = q.choice("sort_by", FINDING_SORT_FIELDS, defaultSort);
		boolean desc = q.choice("sort_order", QueryParams.SORT_ORDERS, "desc").equals("desc");
		QueryParams.Paging paging = q.paging(dialect.findingsPerPageDefault());
		FindingFilter filter = new FindingFilter(severities, statuses, assetIds, scanIds, cvssMin, cvssMax, needle,
				sortBy, desc);
		synchronized (world) {
			world.advanceTo(call.now);
			FindingListing last = lastFindingListing;
			if (last != null && last.filter().equals(filter) && last.generation() == world.generation()) {
				return Response.ok(findingPage(last.matches(), paging));
			}
			List<SandboxFinding> matches = new ArrayList<>();
			for (SandboxFinding f : world.findings.values()) {
				FindingTemplate t = f.template();
				if ((severities.isEmpty() || severities.contains(t.severity()))
						&& (statuses.isEmpty() || statuses.contains(f.status))
						&& (assetIds.isEmpty() || assetIds.contains(f.assetId))
						&& (scanIds.isEmpty() || scanIds.contains(f.scanId))
						&& (cvssMin == null || t.cvss() >= cvssMin) && (cvssMax == null || t.cvss() <= cvssMax)
						&& (needle == null || (t.title() + " " + t.description()).toLowerCase(Locale.ROOT)
							.contains(needle))) {
					matches.add(f);
				}
			}
			Comparator<SandboxFinding> order = switch (sortBy) {
				case "severity" -> bySeverity().thenComparingDouble(f -> f.template().cvss());
				case "cvss" -> Comparator.comparingDouble(f -> f.template().cvss());
				case "title" -> Comparator.comparing(f -> f.template().title().toLowerCase(Locale.ROOT));
				default -> Comparator.comparingLong(f -> f.discoveredAt);
			};
			order = order.thenComparingLong(f -> f.number);
			matches.sort(desc ? order.reversed() : order);
			lastFindingListing = new FindingListing(filter, world.generation(), matches);
			return Response.ok(findingPage(matches, paging));
		}
	}

	private static Comparator<SandboxFinding> bySeverity() {
		// info ranks lowest, critical highest.
		return Comparator.comparingInt(f -> SandboxJson.SEVERITIES.size()
				- SandboxJson.SEVERITIES.indexOf(f.template().severity()));
	}

	private SandboxFinding finding(String id) {
		SandboxFinding finding = world.findings.get(id);
		if (finding == null) {
			throw ApiError.notFound("finding", id);
		}
		return finding;
	}

	private Response findingDetails(Call call) {
		synchronized (world) {
			world.advanceTo(call.now);
			return Response.ok(json.single(json.finding(finding(call.segment(2)))));
		}
	}

	private Response updateFinding(Call call) throws IOException {
		JsonNode body = readJsonObject(call.exchange);
		String status = requiredChoice(body, "status", dialect.findingStatuses());
		String note = null;
		JsonNode noteNode = body.get("note");
		if (noteNode != null && !noteNode.isNull()) {
			if (!noteNode.isTextual()) {
				throw ApiError.invalid("note", "note must be a string.");
			}
			note = noteNode.asText();
			if (note.length() > 4000) {
				throw ApiError.invalid("note", "note must be at most 4000 characters.");
			}
		}
		synchronized (world) {
			SandboxFinding finding = world.updateFinding(call.segment(2), status, note, call.now);
			return Response.ok(json.single(json.finding(finding)));
		}
	}

	private Response eventStream(Call call) {
		call.query.requireOnly(STREAM_PARAMETERS);
		List<String> types = call.query.list("events", EVENT_TYPES);
		String assetId = call.query.get("asset_id");
		String lastEventId = call.exchange.getRequestHeaders().getFirst("Last-Event-ID");
		if (lastEventId == null) {
			lastEventId = call.query.get("last_event_id");
		}
		long after = -1;
		if (lastEventId != null && !lastEventId.isBlank()) {
			after = SandboxEvent.sequenceOf(lastEventId);
			if (after < 0) {
				throw ApiError.invalid("Last-Event-ID", "Last-Event-ID must be an event id such as evt-42.");
			}
		}
		Set<String> typeSet = new HashSet<>(types);
		// Bring the world up to date so replay and live events start from the present.
		world.advanceTo(call.now);
		eventStream.open(call.exchange, call.token, typeSet, assetId, after, rateHeaders(call.rate));
		return null;
	}

	// ---------------------------------------------------------------- bodies

	private static JsonNode readJsonObject(HttpExchange exchange) throws IOException {
		byte[] bytes;
		try (InputStream in = exchange.getRequestBody()) {
			bytes = in.readNBytes(MAX_BODY_BYTES + 1);
		}
		if (bytes.length > MAX_BODY_BYTES) {
			throw ApiError.invalid("body", "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
		}
		JsonNode body;
		try {
			body = bytes.length == 0 ? null : SandboxServer.MAPPER.readTree(bytes);
		}
		catch (JsonProcessingException e) {
			throw ApiError.invalid("body", "The request body is not valid JSON: " + e.getOriginalMessage());
		}
		if (body == null || !body.isObject()) {
			throw ApiError.invalid("body", "The request body must be a JSON object.");
		}
		return body;
	}

	private static String requiredString(JsonNode body, String field) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
			throw ApiError.invalid(field, field + " is required.");
		}
		if (!node.isTextual()) {
			throw ApiError.invalid(field, field + " must be a string.");
		}
		return node.asText().trim();
	}

	private static String requiredChoice(JsonNode body, String field, List<String> allowed) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
			throw ApiError.invalid(field, field + " is required; one of " + String.join(", ", allowed) + ".", allowed);
		}
		return choice(node, field, allowed);
	}

	private static String optionalChoice(JsonNode body, String field, List<String> allowed, String fallback) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return fallback;
		}
		return choice(node, field, allowed);
	}

	private static String choice(JsonNode node, String field, List<String> allowed) {
		String value = node.isTextual() ? node.asText().trim() : node.toString();
		if (!node.isTextual() || !allowed.contains(value)) {
			throw ApiError.invalid(field,
					"Invalid " + field + " '" + value + "'; one of " + String.join(", ", allowed) + ".", allowed);
		}
		return value;
	}

	// ---------------------------------------------------------------- responses

	private Map<String, String> rateHeaders(RateLimiter.Decision rate) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-RateLimit-Limit", Long.toString(rate.limit()));
		headers.put("X-RateLimit-Remaining", Long.toString(rate.remaining()));
		headers.put("X-RateLimit-Reset", Long.toString(rate.resetEpochSeconds()));
		return headers;
	}

	private void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> extra,
			RateLimiter.Decision rate) {
		try {
			byte[] bytes = SandboxServer.MAPPER.writeValueAsBytes(body);
			var headers = exchange.getResponseHeaders();
			RateLimiter.Decision r = rate != null ? rate : tierLimiter.peek(null, server.clock().millis());
			rateHeaders(r).forEach(headers::set);
			extra.forEach(headers::set);
			headers.set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException clientGone) {
			exchange.close();
		}
	}

	private void sendError(HttpExchange exchange, ApiError error, Call call) {
		RateLimiter.Decision rate = call == null ? null : call.rate;
		if (error.httpStatus == 429 && rate != null && rate.allowed()) {
			// Refusals report an empty bucket, whichever limit refused.
			rate = new RateLimiter.Decision(false, rate.limit(), 0, rate.resetEpochSeconds(), 0);
		}
		if (rate == null && error.httpStatus == 429) {
			rate = new RateLimiter.Decision(false, tierLimiter.limit().perMinute(), 0,
					server.clock().millis() / 1000, 0);
		}
		send(exchange, error.httpStatus, SandboxJson.error(error), error.headers, rate);
	}

	private static List<String> segments(String rawPath) {
		List<String> segments = new ArrayList<>();
		if (rawPath != null) {
			for (String part : rawPath.split("/")) {
				if (!part.isEmpty()) {
					segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
				}
			}
		}
		return segments;
	}

}
