package io.s4e.shell.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.Scan;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Typed client of the S4E API. Idempotent reads retry on connection failures, 429 and 500/502/503/504 with
 * exponential back-off and jitter, honouring {@code Retry-After}; scan creation is never re-sent blindly. All
 * requests are paced by a shared {@link RateLimiter}. Thread-safe; share one instance.
 */
public final class S4eClient implements AutoCloseable {

	/** Rate-limit bucket of scan creation, which has its own limit; everything else shares the tier's. */
	public static final String CREATE_BUCKET = "create";

	public static final String DEFAULT_BUCKET = "default";

	private static final MediaType JSON = MediaType.get("application/json");

	private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

	/** The documented floor for polling one scan. */
	private static final long MIN_POLL_INTERVAL_MILLIS = 1000;

	private final ClientConfig config;

	private final OkHttpClient http;

	private final HttpUrl base;

	private final ObjectMapper mapper;

	private final ModelDecoder decoder;

	private final FindingPageReader findingPages;

	private final ErrorResponses errors;

	private final RateLimiter limiter;

	private final TimeSource time;

	private final Map<String, Long> lastStatusPoll = new ConcurrentHashMap<>();

	private final RequestCounter counter = new RequestCounter();

	public S4eClient(ClientConfig config) {
		this(config, TimeSource.SYSTEM);
	}

	public S4eClient(ClientConfig config, TimeSource time) {
		this.config = config;
		this.time = time;
		this.base = HttpUrl.get(config.baseUrl().toString());
		this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
		this.decoder = new ModelDecoder(mapper);
		this.findingPages = new FindingPageReader(mapper, decoder);
		this.errors = new ErrorResponses(mapper, config.token());
		this.limiter = new RateLimiter(time);
		HttpUrl origin = base;
		this.http = new OkHttpClient.Builder().connectTimeout(config.connectTimeout())
			.readTimeout(config.callTimeout())
			.writeTimeout(config.callTimeout())
			.callTimeout(config.callTimeout())
			// Retries are ours: OkHttp's silent one could re-send a scan creation.
			.retryOnConnectionFailure(false)
			// Idle connections are closed before servers close them (the JDK's HTTP server after 30 s, most proxies
			// after 60 s): OkHttp does not health-check a pooled connection for a GET, and a stale one fails it.
			.connectionPool(new okhttp3.ConnectionPool(5, 20, java.util.concurrent.TimeUnit.SECONDS))
			.followRedirects(true)
			// Never follow https -> http.
			.followSslRedirects(false)
			.addNetworkInterceptor(new AuthInterceptor(config.token(), config.authScheme(), origin))
			.addNetworkInterceptor(new HttpLog(config.token(), config.debugHttp()))
			.build();
	}

	public ClientConfig config() {
		return config;
	}

	public RateLimiter rateLimiter() {
		return limiter;
	}

	/** Requests sent so far (every attempt), for budgets and tests. */
	public RequestCounter requests() {
		return counter;
	}

	ObjectMapper mapper() {
		return mapper;
	}

	OkHttpClient http() {
		return http;
	}

	HttpUrl base() {
		return base;
	}

	// ---- scans

	/** Outcome of a create: the scan, and whether it was an already-active scan adopted through a 409. */
	public record CreateResult(Scan scan, boolean adopted) {
	}

	/**
	 * Creates a scan. A 409 that names the scan already active on the asset adopts that scan when
	 * {@code adoptActive} is set. A failure after the request may have reached the server is resolved through the
	 * same path: the create is sent once more and the server's 409 names the scan the first one made, so no
	 * duplicate is created.
	 */
	public CreateResult createScan(CreateScanRequest request, boolean adoptActive) {
		String body;
		try {
			body = mapper.writeValueAsString(request.body());
		}
		catch (IOException e) {
			throw new UsageException("The scan options cannot be sent as JSON: " + e.getMessage());
		}
		Request http = post("/api/scan/create", body);
		HttpResult result;
		boolean recovered = false;
		try {
			result = attempt(http, CREATE_BUCKET);
		}
		catch (IOException first) {
			if (!mayHaveBeenSent(first)) {
				throw network(http, first);
			}
			recovered = true;
			try {
				result = attempt(http, CREATE_BUCKET);
			}
			catch (IOException second) {
				throw new ApiException.Network("The connection failed while creating the scan, twice ("
						+ describe(second) + "). It may or may not exist: check with `scan list --asset "
						+ request.assetId() + "`.", second);
			}
		}
		if (result.status == 409) {
			ApiException.Conflict conflict = (ApiException.Conflict) failure(http, result, "asset " + request.assetId());
			if ((adoptActive || recovered) && conflict.existingScanId() != null) {
				Scan existing = getScan(conflict.existingScanId());
				return new CreateResult(existing, true);
			}
			throw conflict;
		}
		if (!result.ok()) {
			throw failure(http, result, "asset " + request.assetId());
		}
		Scan created = decode(http, result, decoder::scan);
		return new CreateResult(created, false);
	}

	public Page<Scan> listScans(ScanQuery query) {
		return getPage("/api/scans", query.params(), decoder::scan, null);
	}

	/** Every scan matching the query, fetched page by page as the stream is consumed. */
	public Stream<Scan> scans(ScanQuery query) {
		return paged(page -> listScans(query.withPage(page, perPageOr100(query.perPage()))));
	}

	public Scan getScan(String scanId) {
		return getObject("/api/scan/" + segment(scanId), decoder::scan, "scan " + scanId);
	}

	/**
	 * The lightweight status of a scan. Never polls one scan faster than once a second: a call that comes sooner
	 * waits.
	 */
	public Scan getScanStatus(String scanId) {
		pacePoll(scanId);
		return getObject("/api/scan/" + segment(scanId) + "/status", decoder::scan, "scan " + scanId);
	}

	public Scan cancelScan(String scanId) {
		Request request = post("/api/scan/" + segment(scanId) + "/cancel", "");
		HttpResult result = executeOnce(request, DEFAULT_BUCKET);
		if (result.status == 409) {
			throw errors.notCancellable(scanId, result.body());
		}
		if (!result.ok()) {
			throw failure(request, result, "scan " + scanId);
		}
		return decode(request, result, decoder::scan);
	}

	public Page<Finding> scanResults(String scanId, FindingQuery query) {
		return getFindingPage("/api/scan/" + segment(scanId) + "/results", query.resultParams(), "scan " + scanId);
	}

	public Stream<Finding> allScanResults(String scanId, FindingQuery query) {
		return allScanResults(scanId, query, false);
	}

	/** @param fetchAhead as for {@link #findings(FindingQuery, boolean)} */
	public Stream<Finding> allScanResults(String scanId, FindingQuery query, boolean fetchAhead) {
		return paged(page -> scanResults(scanId, query.withPage(page, perPageOr100(query.perPage()))), fetchAhead);
	}

	// ---- assets

	public Page<Asset> listAssets(AssetQuery query) {
		return getPage("/api/assets", query.params(), decoder::asset, null);
	}

	public Stream<Asset> assets(AssetQuery query) {
		return paged(page -> listAssets(query.withPage(page, perPageOr100(query.perPage()))));
	}

	public Asset getAsset(String assetId) {
		return getObject("/api/assets/" + segment(assetId), decoder::asset, "asset " + assetId);
	}

	// ---- findings

	public Page<Finding> listFindings(FindingQuery query) {
		return getFindingPage("/api/findings", query.params(), null);
	}

	public Stream<Finding> findings(FindingQuery query) {
		return findings(query, false);
	}

	/**
	 * Every finding matching the query, page by page.
	 *
	 * @param fetchAhead whether later pages are requested while earlier ones are read (see {@link PageIterator}):
	 * for consumers that read every row, such as exports; one that stops early may have caused a request or two
	 * more than it needed
	 */
	public Stream<Finding> findings(FindingQuery query, boolean fetchAhead) {
		return paged(page -> listFindings(query.withPage(page, perPageOr100(query.perPage()))), fetchAhead);
	}

	public Finding getFinding(String findingId) {
		return getObject("/api/findings/" + segment(findingId), decoder::finding, "finding " + findingId);
	}

	public Finding updateFindingStatus(String findingId, String status, String note) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("status", status);
		if (note != null) {
			body.put("note", note);
		}
		String json;
		try {
			json = mapper.writeValueAsString(body);
		}
		catch (IOException e) {
			throw new UsageException("The note cannot be sent as JSON.");
		}
		Request request = new Request.Builder().url(url("/api/findings/" + segment(findingId), Map.of()))
			.patch(RequestBody.create(json, JSON))
			.header("Accept", "application/json")
			.build();
		HttpResult result = executeOnce(request, DEFAULT_BUCKET);
		if (!result.ok()) {
			throw failure(request, result, "finding " + findingId);
		}
		return decode(request, result, decoder::finding);
	}

	// ---- event stream

	/** Opens the event stream; see {@link EventStream}. */
	public EventStream events(EventStream.Filter filter, EventStream.Listener listener) {
		return EventStream.open(this, filter, listener);
	}

	Request.Builder streamRequest(Map<String, String> params) {
		return new Request.Builder().url(url("/api/events/stream", params)).header("Accept", "text/event-stream");
	}

	// ---- plumbing

	private <T> T getObject(String path, Function<JsonNode, T> itemDecoder, String subject) {
		Request request = get(path, Map.of());
		HttpResult result = executeIdempotent(request, DEFAULT_BUCKET);
		if (!result.ok()) {
			throw failure(request, result, subject);
		}
		return decode(request, result, itemDecoder);
	}

	private <T> Page<T> getPage(String path, Map<String, String> params, Function<JsonNode, T> itemDecoder,
			String subject) {
		Request request = get(path, params);
		HttpResult result = executeIdempotent(request, DEFAULT_BUCKET);
		if (!result.ok()) {
			throw failure(request, result, subject);
		}
		return decode(request, result, root -> decoder.page(root, itemDecoder));
	}

	/** A page of findings, read without a tree where the body allows (exports read many of them). */
	private Page<Finding> getFindingPage(String path, Map<String, String> params, String subject) {
		Request request = get(path, params);
		HttpResult result = executeIdempotent(request, DEFAULT_BUCKET);
		if (!result.ok()) {
			throw failure(request, result, subject);
		}
		Page<Finding> page = findingPages.read(result.bytes);
		return page != null ? page : decode(request, result, root -> decoder.page(root, decoder::finding));
	}

	private static int perPageOr100(Integer perPage) {
		return perPage == null ? 100 : perPage;
	}

	private static <T> Stream<T> paged(Function<Integer, Page<T>> fetch) {
		return paged(fetch, false);
	}

	private static <T> Stream<T> paged(Function<Integer, Page<T>> fetch, boolean fetchAhead) {
		PageIterator<T> iterator = new PageIterator<>(fetch, fetchAhead);
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
			.onClose(iterator::close);
	}

	private void pacePoll(String scanId) {
		long now = time.millis();
		Long previous = lastStatusPoll.put(scanId, now);
		if (previous != null && now - previous < MIN_POLL_INTERVAL_MILLIS) {
			long wait = MIN_POLL_INTERVAL_MILLIS - (now - previous);
			sleep(wait);
			lastStatusPoll.put(scanId, time.millis());
		}
	}

	private void sleep(long millis) {
		try {
			time.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new ApiException.Network("Interrupted while waiting.", e);
		}
	}

	private Request get(String path, Map<String, String> params) {
		return new Request.Builder().url(url(path, params)).get().header("Accept", "application/json").build();
	}

	private Request post(String path, String json) {
		return new Request.Builder().url(url(path, Map.of()))
			.post(RequestBody.create(json, JSON))
			.header("Accept", "application/json")
			.build();
	}

	private HttpUrl url(String path, Map<String, String> params) {
		String prefix = base.encodedPath().replaceAll("/+$", "");
		HttpUrl.Builder b = base.newBuilder().encodedPath(prefix + path);
		params.forEach(b::addQueryParameter);
		return b.build();
	}

	/** An ID as one path segment: IDs are opaque, so nothing in them may change the path. */
	static String segment(String id) {
		if (id == null || id.isBlank()) {
			throw new UsageException("An ID is required.");
		}
		return URLEncoder.encode(id.trim(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * One response read into memory and closed. List pages are capped at 100 items, so this stays small. Kept as
	 * bytes: JSON is parsed straight from them (faster than decoding a string first, which long exports notice).
	 */
	record HttpResult(int status, byte[] bytes, String contentType, String retryAfter) {

		boolean ok() {
			return status >= 200 && status < 300;
		}

		String body() {
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

	private HttpResult executeIdempotent(Request request, String bucket) {
		RetryPolicy<HttpResult> policy = RetryPolicy.<HttpResult>builder()
			.handle(IOException.class)
			.abortOn(InterruptedIOException.class::isInstance)
			.handleResultIf(r -> RETRYABLE.contains(r.status))
			.withMaxAttempts(config.maxAttempts())
			.withMaxDuration(config.totalDeadline())
			.withBackoff(config.minBackoff(), config.maxBackoff())
			.withJitter(0.25)
			.withDelayFn(ctx -> {
				HttpResult last = ctx.getLastResult();
				Duration hinted = last == null ? null : retryAfter(last.retryAfter);
				return hinted == null ? Duration.ofMillis(-1) : hinted;
			})
			.build();
		try {
			return Failsafe.with(policy).get(() -> attempt(request, bucket));
		}
		catch (FailsafeException e) {
			Throwable cause = e.getCause();
			if (cause instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw network(request, cause instanceof IOException io ? io : new IOException(cause));
		}
	}

	/** For requests that change state: sent once, never retried. */
	private HttpResult executeOnce(Request request, String bucket) {
		try {
			return attempt(request, bucket);
		}
		catch (IOException e) {
			throw network(request, e);
		}
	}

	private HttpResult attempt(Request request, String bucket) throws IOException {
		RateLimiter.Permit permit = acquire(bucket);
		// The server counts a scan creation against the tier's limit as well: it takes a place there too, and
		// since its reply's headers describe only the create limit, that place stays used until a later reply.
		RateLimiter.Permit tier = null;
		try {
			tier = CREATE_BUCKET.equals(bucket) ? acquire(DEFAULT_BUCKET) : null;
			counter.record(request);
			try (Response response = http.newCall(request).execute()) {
				permit.update(response.header("X-RateLimit-Limit"), response.header("X-RateLimit-Remaining"),
						response.header("X-RateLimit-Reset"));
				String retryAfter = response.header("Retry-After");
				if (response.code() == 429) {
					Duration wait = retryAfter(retryAfter);
					permit.backOff(wait == null ? 1000 : wait.toMillis());
				}
				ResponseBody body = response.body();
				byte[] bytes = body == null ? new byte[0] : body.bytes();
				return new HttpResult(response.code(), bytes, response.header("Content-Type"), retryAfter);
			}
		}
		finally {
			permit.release();
			if (tier != null) {
				tier.release();
			}
		}
	}

	private RateLimiter.Permit acquire(String bucket) throws InterruptedIOException {
		try {
			return limiter.acquire(bucket);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while pacing");
		}
	}

	/** Retry-After as delta seconds or an HTTP-date, or null when absent or unreadable. */
	Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String v = header.trim();
		try {
			long seconds = Long.parseLong(v);
			return Duration.ofSeconds(Math.max(0, seconds));
		}
		catch (NumberFormatException notSeconds) {
			try {
				ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
				long millis = when.toInstant().toEpochMilli() - time.millis();
				return Duration.ofMillis(Math.max(0, millis));
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private ApiException failure(Request request, HttpResult result, String subject) {
		return errors.toException(request.method(), request.url().encodedPath(), result.status, result.body(),
				retryAfter(result.retryAfter), subject);
	}

	private <T> T decode(Request request, HttpResult result, Function<JsonNode, T> decode) {
		JsonNode root;
		try {
			root = mapper.readTree(result.bytes);
		}
		catch (IOException e) {
			throw new ApiException.MalformedResponse(result.status, "The server's answer to " + request.method() + " "
					+ request.url().encodedPath() + " is not valid JSON ("
					+ ErrorResponses.clean(firstLine(e.getMessage())) + "). Check S4E_BASE_URL points at the S4E API.",
					null);
		}
		if (root == null || root.isMissingNode()) {
			throw new ApiException.MalformedResponse(result.status, "The server answered " + request.method() + " "
					+ request.url().encodedPath() + " with an empty body. Try again; if it persists, check S4E_BASE_URL.",
					null);
		}
		try {
			return decode.apply(root);
		}
		catch (RuntimeException e) {
			throw new ApiException.MalformedResponse(result.status, "The server's answer to " + request.method() + " "
					+ request.url().encodedPath() + " has an unexpected shape (" + e.getMessage() + ").", null);
		}
	}

	private ApiException network(Request request, IOException e) {
		String target = request.url().scheme() + "://" + request.url().host() + ":" + request.url().port();
		if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException
				&& "timeout".equals(e.getMessage())) {
			return new ApiException.Timeout("No answer from " + target + " within "
					+ seconds(config.callTimeout()) + " (" + request.method() + " " + request.url().encodedPath()
					+ "). The server is slow or unreachable; try again.", null);
		}
		return new ApiException.Network("Cannot reach " + target + " (" + describe(e)
				+ "). Check the network and S4E_BASE_URL; `auth status` shows the configuration.", null);
	}

	private String describe(IOException e) {
		String what = e instanceof ConnectException ? "connection refused"
				: e instanceof UnknownHostException ? "unknown host"
						: e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		return config.token() == null ? what : config.token().redact(what);
	}

	private static String seconds(Duration d) {
		return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
				d.toMillis() / 1000.0);
	}

	/** Connect failures never reached the server; everything else might have. */
	private static boolean mayHaveBeenSent(IOException e) {
		return !(e instanceof ConnectException) && !(e instanceof UnknownHostException);
	}

	private static String firstLine(String s) {
		if (s == null) {
			return "";
		}
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	@Override
	public void close() {
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
		try {
			http.dispatcher().executorService().awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "S4eClient[" + config + "]";
	}

}
