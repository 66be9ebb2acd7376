package io.s4e.shell.connection;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.s4e.shell.api.AuthScheme;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.ConfigurationException;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxHandle;
import io.s4e.shell.sandbox.SandboxRegistry;

/**
 * Knows what the shell talks to: a profile's server, the environment's, or the built-in sandbox, which it starts
 * (or joins, when another shell already runs it) on first use. The client is built lazily, off the start-up path,
 * and rebuilt when the profile changes.
 */
public class ConnectionManager implements AutoCloseable {

	private final Profiles profiles;

	private final Map<String, String> env;

	private final boolean forceSandbox;

	private final boolean debugHttp;

	private final Path sandboxDir;

	private volatile String requestedProfile;

	private volatile Profiles.Connection connection;

	private volatile S4eClient client;

	private volatile SandboxHandle sandbox;

	private volatile boolean pinned;

	private final java.util.List<Runnable> targetListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	public ConnectionManager(Profiles profiles, Map<String, String> env, String requestedProfile,
			boolean forceSandbox, boolean debugHttp, Path sandboxDir) {
		this.profiles = profiles;
		this.env = env;
		this.requestedProfile = requestedProfile;
		this.forceSandbox = forceSandbox;
		this.debugHttp = debugHttp;
		this.sandboxDir = sandboxDir;
	}

	/**
	 * A manager pinned to one server, for embedding and tests: no profile file, environment or sandbox start.
	 */
	public static ConnectionManager fixed(ClientConfig config, String target, Profiles profiles) {
		ConnectionManager m = new ConnectionManager(profiles, Map.of(), target, false, false, null);
		m.connection = new Profiles.Connection(target, Profiles.Source.ENVIRONMENT, config);
		m.pinned = true;
		return m;
	}

	/** The resolved connection; resolving reads only the profile file. */
	public synchronized Profiles.Connection connection() {
		if (connection == null) {
			connection = forceSandbox ? new Profiles.Connection(requestedProfile == null ? Profiles.DEFAULT
					: requestedProfile, Profiles.Source.SANDBOX, null) : profiles.resolve(requestedProfile, env);
		}
		return connection;
	}

	public boolean isSandbox() {
		return connection().source() == Profiles.Source.SANDBOX;
	}

	/** Name shown in the prompt and used for per-profile session state. */
	public String target() {
		return isSandbox() || pinned && "sandbox".equals(connection().profile()) ? "sandbox" : connection().profile();
	}

	/**
	 * The target's name without failing: with a configuration that cannot be used (e.g. a token over plain http
	 * to a remote host) the profile's name, so that the shell still starts and the first command that needs the
	 * server says what is wrong.
	 */
	public String targetName() {
		try {
			return target();
		}
		catch (ConfigurationException e) {
			return requestedProfile == null || requestedProfile.isBlank() ? Profiles.DEFAULT : requestedProfile;
		}
	}

	public synchronized S4eClient client() {
		if (client == null) {
			ClientConfig config = isSandbox() ? sandboxConfig() : connection().config();
			client = new S4eClient(config.withDebugHttp(debugHttp));
		}
		return client;
	}

	/** Starts the sandbox and builds the client on a background thread, so the first command is quick. */
	public void warmUpInBackground() {
		CompletableFuture.runAsync(() -> {
			try {
				client();
			}
			catch (RuntimeException e) {
				// Reported by the first command that needs the client.
			}
		});
	}

	private ClientConfig sandboxConfig() {
		if (sandbox == null) {
			try {
				sandbox = SandboxRegistry.attachOrStart(sandboxDir, SandboxConfig.defaults());
			}
			catch (Exception e) {
				throw new ConfigurationException("Cannot start the built-in sandbox under " + sandboxDir + " ("
						+ e.getMessage() + "). Use --sandbox with a writable XDG_DATA_HOME, or set S4E_API_TOKEN.", e);
			}
		}
		return ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token()));
	}

	/** One line for the banner and `auth status`. */
	public String describe() {
		Profiles.Connection c = connection();
		return switch (c.source()) {
			case SANDBOX -> "the built-in sandbox" + (sandbox != null ? " at " + sandbox.baseUrl() : "")
					+ " (no API token configured; set S4E_API_TOKEN or run `auth login` to use the real API)";
			case ENVIRONMENT -> c.config().baseUrl() + " (token from S4E_API_TOKEN, " + c.config().token().masked() + ")";
			case PROFILE -> c.config().baseUrl() + " (profile '" + c.profile() + "', token " + c.config().token().masked()
					+ ")";
			case BASE_URL_ONLY -> c.config().baseUrl() + " (S4E_BASE_URL, no token)";
		};
	}

	public String baseUrl() {
		return isSandbox() ? (sandbox != null ? sandbox.baseUrl() : "(sandbox not started yet)")
				: connection().config().baseUrl().toString();
	}

	public Profiles profiles() {
		return profiles;
	}

	/** Switches to another stored profile; the next command uses it. */
	public synchronized void useProfile(String name) {
		profiles.setCurrent(name);
		reset(name);
	}

	/** Stores a token for a profile (created if new) and switches to it. */
	public synchronized void login(String name, String baseUrl, AuthScheme scheme, Secret token) {
		ClientConfig.of(baseUrl, token);
		profiles.save(new Profiles.Profile(name, baseUrl, scheme, token));
		profiles.setCurrent(name);
		reset(name);
	}

	/** Runs after every switch to another profile, e.g. to forget the IDs cached for completion. */
	public void onTargetChange(Runnable listener) {
		targetListeners.add(listener);
	}

	private void reset(String name) {
		targetListeners.forEach(Runnable::run);
		requestedProfile = name;
		connection = null;
		S4eClient old = client;
		client = null;
		if (old != null) {
			old.close();
		}
	}

	@Override
	public synchronized void close() {
		if (client != null) {
			client.close();
		}
		if (sandbox != null) {
			sandbox.close();
		}
	}

}
