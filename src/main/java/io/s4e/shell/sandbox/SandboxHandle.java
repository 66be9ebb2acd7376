package io.s4e.shell.sandbox;

import java.util.Optional;

/**
 * A sandbox the caller can talk to, from {@link SandboxRegistry#attachOrStart}: either one this process started
 * ({@link #owned()}; closing it stops the server) or one another process owns (closing it only lets go). A handle
 * on another process's sandbox becomes an owning one when it takes over after that process is gone.
 */
public final class SandboxHandle implements AutoCloseable {

	private volatile String baseUrl;

	private volatile String token;

	private volatile SandboxDialect dialect;

	private volatile SandboxServer server;

	private Runnable release;

	/** The owning handle this one took over with, which stops the server when closed. */
	private SandboxHandle delegate;

	private volatile boolean closed;

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

	/** True when this process runs the sandbox and stops it on {@link #close()}. */
	public boolean owned() {
		return server != null;
	}

	/** The server itself, when owned. */
	public Optional<SandboxServer> server() {
		return Optional.ofNullable(server);
	}

	boolean isClosed() {
		return closed;
	}

	/** This handle now stands for {@code owner}, a sandbox this process started after the previous owner left. */
	void takeOver(SandboxHandle owner) {
		synchronized (this) {
			if (!closed) {
				delegate = owner;
				server = owner.server;
				token = owner.token;
				dialect = owner.dialect;
				baseUrl = owner.baseUrl;
				return;
			}
		}
		owner.close();
	}

	@Override
	public void close() {
		SandboxHandle owner;
		Runnable toRun;
		synchronized (this) {
			if (closed) {
				return;
			}
			closed = true;
			owner = delegate;
			toRun = release;
		}
		if (owner != null) {
			owner.close();
		}
		else {
			toRun.run();
		}
	}

}
