package io.s4e.shell.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link SandboxServer} needs. Build with {@link #builder()}; {@link #toBuilder()} derives variants.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param dialect which documented response style to serve
 * @param seed makes the seeded inventory, history, IDs and scan outcomes reproducible
 * @param speed divides every scan and queue duration (2.0 runs twice as fast)
 * @param scanDurations run time of each scan type at speed 1
 * @param queueDelay minimum time a scan stays queued at speed 1, so a create always answers {@code queued}
 * @param concurrencyLimit scans running at once; the rest wait in priority order
 * @param tierRateLimit per-token limit of every request
 * @param createRateLimit per-token limit of {@code POST /api/scan/create}, on top of the tier limit
 * @param stateFile where the world is persisted, or null to keep it in memory only
 * @param webhookSecret HMAC-SHA256 key for callback signatures, or null to send them unsigned
 * @param defaultToken the full-scope token; null reuses the one in the state file or generates a random one
 * @param tokens further tokens with specific scopes
 * @param clock time source for all scan state and rate limits; a {@link ManualClock} makes runs deterministic
 * @param tickInterval how often the background ticker advances scans and pushes {@code scan.progress}; zero
 *        disables it (state still advances on every request)
 * @param heartbeatInterval real time between event-stream heartbeats
 * @param eventRetention how many recent events are kept for {@code Last-Event-ID} resumption
 * @param maxStreamsPerToken concurrent event streams per token
 * @param persistDelay how long state writes are coalesced
 * @param webhookAttempts delivery attempts per callback
 * @param webhookBackoff real time before the second attempt, doubled for each later one
 * @param eventStream whether {@code GET /api/events/stream} is offered; without it the route answers 404, as on
 *        servers that have no stream, and clients must poll
 */
public record SandboxConfig(int port, SandboxDialect dialect, long seed, double speed,
		Map<String, Duration> scanDurations, Duration queueDelay, int concurrencyLimit,
		SandboxRateLimit tierRateLimit, SandboxRateLimit createRateLimit, Path stateFile, String webhookSecret,
		String defaultToken, List<SandboxToken> tokens, Clock clock, Duration tickInterval,
		Duration heartbeatInterval, int eventRetention, int maxStreamsPerToken, Duration persistDelay,
		int webhookAttempts, Duration webhookBackoff, boolean eventStream) {

	public static final long DEFAULT_SEED = 4021L;

	/** Every scan type the sandbox accepts: the union of the reference page and the trigger-scan guide. */
	public static final List<String> SCAN_TYPES = List.of("full", "quick", "custom", "api_discovery", "ssl", "dns",
			"port", "web_app", "network", "api");

	private static final Map<String, Duration> DEFAULT_DURATIONS;

	static {
		Map<String, Duration> d = new LinkedHashMap<>();
		d.put("quick", Duration.ofSeconds(15));
		d.put("ssl", Duration.ofSeconds(18));
		d.put("dns", Duration.ofSeconds(20));
		d.put("port", Duration.ofSeconds(25));
		d.put("api", Duration.ofSeconds(28));
		d.put("api_discovery", Duration.ofSeconds(30));
		d.put("custom", Duration.ofSeconds(30));
		d.put("web_app", Duration.ofSeconds(35));
		d.put("network", Duration.ofSeconds(40));
		d.put("full", Duration.ofSeconds(45));
		DEFAULT_DURATIONS = Map.copyOf(d);
	}

	public SandboxConfig {
		Objects.requireNonNull(dialect, "dialect");
		Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(tierRateLimit, "tierRateLimit");
		Objects.requireNonNull(createRateLimit, "createRateLimit");
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0-65535: " + port);
		}
		if (!(speed > 0) || Double.isInfinite(speed)) {
			throw new IllegalArgumentException("speed must be a positive number: " + speed);
		}
		if (concurrencyLimit < 1) {
			throw new IllegalArgumentException("concurrencyLimit must be at least 1: " + concurrencyLimit);
		}
		if (eventRetention < 1 || maxStreamsPerToken < 1 || webhookAttempts < 1) {
			throw new IllegalArgumentException("eventRetention, maxStreamsPerToken and webhookAttempts must be >= 1");
		}
		Map<String, Duration> merged = new LinkedHashMap<>(DEFAULT_DURATIONS);
		if (scanDurations != null) {
			scanDurations.forEach((type, duration) -> {
				if (!SCAN_TYPES.contains(type)) {
					throw new IllegalArgumentException("unknown scan type " + type + "; expected one of " + SCAN_TYPES);
				}
				if (duration.isNegative() || duration.isZero()) {
					throw new IllegalArgumentException("scan duration of " + type + " must be positive");
				}
				merged.put(type, duration);
			});
		}
		scanDurations = Map.copyOf(merged);
		queueDelay = queueDelay == null ? Duration.ofSeconds(2) : queueDelay;
		tokens = tokens == null ? List.of() : List.copyOf(tokens);
		tickInterval = tickInterval == null ? Duration.ofSeconds(1) : tickInterval;
		heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(15) : heartbeatInterval;
		persistDelay = persistDelay == null ? Duration.ofMillis(200) : persistDelay;
		webhookBackoff = webhookBackoff == null ? Duration.ofMillis(500) : webhookBackoff;
		if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
			throw new IllegalArgumentException("heartbeatInterval must be positive");
		}
		if (webhookSecret != null && webhookSecret.isEmpty()) {
			webhookSecret = null;
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The defaults described on each component; memory-only, reference dialect, ephemeral port. */
	public static SandboxConfig defaults() {
		return builder().build();
	}

	public Builder toBuilder() {
		Builder b = new Builder();
		b.port = port;
		b.dialect = dialect;
		b.seed = seed;
		b.speed = speed;
		b.scanDurations = new LinkedHashMap<>(scanDurations);
		b.queueDelay = queueDelay;
		b.concurrencyLimit = concurrencyLimit;
		b.tierRateLimit = tierRateLimit;
		b.createRateLimit = createRateLimit;
		b.stateFile = stateFile;
		b.webhookSecret = webhookSecret;
		b.defaultToken = defaultToken;
		b.tokens = new ArrayList<>(tokens);
		b.clock = clock;
		b.tickInterval = tickInterval;
		b.heartbeatInterval = heartbeatInterval;
		b.eventRetention = eventRetention;
		b.maxStreamsPerToken = maxStreamsPerToken;
		b.persistDelay = persistDelay;
		b.webhookAttempts = webhookAttempts;
		b.webhookBackoff = webhookBackoff;
		b.eventStream = eventStream;
		return b;
	}

	/** Run time of a scan type at the configured speed, in milliseconds (at least 1). */
	long scanDurationMillis(String scanType) {
		Duration base = scanDurations.get(scanType);
		if (base == null) {
			throw new IllegalArgumentException("unknown scan type " + scanType);
		}
		return Math.max(1, Math.round(base.toMillis() / speed));
	}

	long queueDelayMillis() {
		return Math.max(0, Math.round(queueDelay.toMillis() / speed));
	}

	public static final class Builder {

		private int port;

		private SandboxDialect dialect = SandboxDialect.REFERENCE;

		private long seed = DEFAULT_SEED;

		private double speed = 1.0;

		private Map<String, Duration> scanDurations = new LinkedHashMap<>();

		private Duration queueDelay;

		private int concurrencyLimit = 3;

		private SandboxRateLimit tierRateLimit = SandboxRateLimit.STANDARD_TIER;

		private SandboxRateLimit createRateLimit = SandboxRateLimit.SCAN_CREATE;

		private Path stateFile;

		private String webhookSecret;

		private String defaultToken;

		private List<SandboxToken> tokens = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private Duration tickInterval;

		private Duration heartbeatInterval;

		private int eventRetention = 2000;

		private int maxStreamsPerToken = 5;

		private Duration persistDelay;

		private int webhookAttempts = 3;

		private Duration webhookBackoff;

		private boolean eventStream = true;

		private Builder() {
		}

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder dialect(SandboxDialect dialect) {
			this.dialect = dialect;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Builder speed(double speed) {
			this.speed = speed;
			return this;
		}

		/** Run time of one scan type at speed 1. */
		public Builder scanDuration(String scanType, Duration duration) {
			this.scanDurations.put(scanType, duration);
			return this;
		}

		public Builder queueDelay(Duration queueDelay) {
			this.queueDelay = queueDelay;
			return this;
		}

		public Builder concurrencyLimit(int concurrencyLimit) {
			this.concurrencyLimit = concurrencyLimit;
			return this;
		}

		public Builder tierRateLimit(SandboxRateLimit tierRateLimit) {
			this.tierRateLimit = tierRateLimit;
			return this;
		}

		public Builder createRateLimit(SandboxRateLimit createRateLimit) {
			this.createRateLimit = createRateLimit;
			return this;
		}

		/** Persist to this file; null keeps the world in memory only. */
		public Builder stateFile(Path stateFile) {
			this.stateFile = stateFile;
			return this;
		}

		public Builder webhookSecret(String webhookSecret) {
			this.webhookSecret = webhookSecret;
			return this;
		}

		public Builder defaultToken(String defaultToken) {
			this.defaultToken = defaultToken;
			return this;
		}

		public Builder token(String value, String... scopes) {
			this.tokens.add(SandboxToken.of(value, scopes));
			return this;
		}

		public Builder token(SandboxToken token) {
			this.tokens.add(token);
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder tickInterval(Duration tickInterval) {
			this.tickInterval = tickInterval;
			return this;
		}

		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
			return this;
		}

		public Builder eventRetention(int eventRetention) {
			this.eventRetention = eventRetention;
			return this;
		}

		public Builder maxStreamsPerToken(int maxStreamsPerToken) {
			this.maxStreamsPerToken = maxStreamsPerToken;
			return this;
		}

		public Builder persistDelay(Duration persistDelay) {
			this.persistDelay = persistDelay;
			return this;
		}

		public Builder webhookAttempts(int webhookAttempts) {
			this.webhookAttempts = webhookAttempts;
			return this;
		}

		public Builder webhookBackoff(Duration webhookBackoff) {
			this.webhookBackoff = webhookBackoff;
			return this;
		}

		/** Offer the event stream (the default), or answer its route with 404. */
		public Builder eventStream(boolean offered) {
			this.eventStream = offered;
			return this;
		}

		public SandboxConfig build() {
			return new SandboxConfig(port, dialect, seed, speed, scanDurations, queueDelay, concurrencyLimit,
					tierRateLimit, createRateLimit, stateFile, webhookSecret, defaultToken, tokens, clock,
					tickInterval, heartbeatInterval, eventRetention, maxStreamsPerToken, persistDelay,
					webhookAttempts, webhookBackoff, eventStream);
		}

	}

}
