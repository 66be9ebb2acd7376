package io.s4e.shell.sandbox;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sandbox the caller can talk to, from {@link SandboxRegistry#attachOrStart}: either one this process started
 * ({@link #owned()}; closing it stops the server) or one another process owns (closing it only lets go).
 */
public final class SandboxHandle implements AutoCloseable {

	private final String baseUrl;

	private final String token;

	private final SandboxDialect dialect;

	private final SandboxServer server;

	private final Runnable release;

	private final AtomicBoolean closed = new AtomicBoolean();

	SandboxHandle(String baseUrl, String token, SandboxDialect dialect, SandboxServer server, Runnable release) {
		this.baseUrl = baseUrl;
		this.token = token;
		this.dialect = dialect;
		this.server = server;
		this.release = release;
	}

	public String baseUrl() {
		return baseUrl;
	}

	public String token() {
		return token;
	}

	/** The dialect the sandbox serves (the owner's choice, which may differ from the one asked for). */
	public SandboxDialect dialect() {
		return dialect;
	}

	/** True when this process started the sandbox and stops it on {@link #close()}. */
	public boolean owned() {
		return server != null;
	}

	/** The server itself, when owned. */
	public Optional<SandboxServer> server() {
		return Optional.ofNullable(server);
	}

	@Override
	public void close() {
		if (closed.compareAndSet(false, true)) {
			release.run();
		}
	}

}
