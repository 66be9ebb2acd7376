package io.s4e.shell.api;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.s4e.shell.support.AtomicFiles;

/**
 * The profile file ({@code $XDG_CONFIG_HOME/s4e/config}): named connections with base URL, auth scheme and token,
 * and which one is current. Stored as Java properties ({@code profile.NAME.base_url=...}), created 0600 in a 0700
 * folder. A file others can read is refused, since it holds tokens.
 */
public final class Profiles {

	public static final String DEFAULT = "default";

	/** One stored profile. {@code token} is null when the profile has none. */
	public record Profile(String name, String baseUrl, AuthScheme authScheme, Secret token) {

		@Override
		public String toString() {
			return "Profile[" + name + ", " + baseUrl + ", token=" + (token == null ? "none" : "****") + "]";
		}

	}

	private final Path file;

	public Profiles(Path file) {
		this.file = file;
	}

	public Path file() {
		return file;
	}

	public boolean exists() {
		return Files.exists(file);
	}

	public List<Profile> list() {
		Properties p = read();
		Set<String> names = new TreeSet<>();
		for (String key : p.stringPropertyNames()) {
			if (key.startsWith("profile.")) {
				String rest = key.substring("profile.".length());
				int dot = rest.lastIndexOf('.');
				if (dot > 0) {
					names.add(rest.substring(0, dot));
				}
			}
		}
		List<Profile> out = new ArrayList<>();
		for (String name : names) {
			out.add(toProfile(p, name));
		}
		return out;
	}

	public java.util.Optional<Profile> get(String name) {
		return list().stream().filter(pr -> pr.name().equals(name)).findFirst();
	}

	/** The profile marked current, else {@value #DEFAULT}. */
	public String current() {
		return read().getProperty("current", DEFAULT);
	}

	public void setCurrent(String name) {
		if (get(name).isEmpty()) {
			throw new UsageException("No profile named '" + name + "'. `profile list` shows them; `auth login --profile "
					+ name + "` creates it.");
		}
		Properties p = read();
		p.setProperty("current", name);
		write(p);
	}

	/** Creates or replaces a profile. */
	public void save(Profile profile) {
		if (!profile.name().matches("[A-Za-z0-9_-]{1,64}")) {
			throw new UsageException("Profile names use letters, digits, '-' and '_' only.");
		}
		Properties p = exists() ? read() : new Properties();
		String prefix = "profile." + profile.name() + ".";
		p.setProperty(prefix + "base_url", profile.baseUrl());
		p.setProperty(prefix + "auth", profile.authScheme() == AuthScheme.API_KEY ? "api-key" : "bearer");
		if (profile.token() != null) {
			p.setProperty(prefix + "token", profile.token().reveal());
		}
		else {
			p.remove(prefix + "token");
		}
		if (!p.containsKey("current")) {
			p.setProperty("current", profile.name());
		}
		write(p);
	}

	private Profile toProfile(Properties p, String name) {
		String prefix = "profile." + name + ".";
		String token = p.getProperty(prefix + "token");
		return new Profile(name, p.getProperty(prefix + "base_url", ClientConfig.DEFAULT_BASE_URL),
				AuthScheme.parse(p.getProperty(prefix + "auth")),
				token == null || token.isBlank() ? null : Secret.of(token));
	}

	private Properties read() {
		Properties p = new Properties();
		if (!Files.exists(file)) {
			return p;
		}
		checkPrivate();
		try {
			p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
			return p;
		}
		catch (IOException e) {
			throw new ConfigurationException("Cannot read the profile file " + file + ": " + e.getMessage() + ".");
		}
	}

	private void write(Properties p) {
		StringWriter out = new StringWriter();
		try {
			p.store(out, "s4e-shell profiles (holds API tokens: keep it 0600)");
			AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the profile file " + file, e);
		}
	}

	/** Refuses a token file that others can read: the token may already be exposed, and must not stay so. */
	private void checkPrivate() {
		if (!AtomicFiles.isPosix()) {
			return;
		}
		try {
			Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
			if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
					|| perms.contains(PosixFilePermission.GROUP_WRITE)
					|| perms.contains(PosixFilePermission.OTHERS_WRITE)) {
				throw new ConfigurationException("The profile file " + file + " is accessible to other users (mode "
						+ PosixFilePermissions.toString(perms) + "). Fix it with: chmod 600 " + file);
			}
		}
		catch (IOException e) {
			throw new ConfigurationException("Cannot check the permissions of " + file + ": " + e.getMessage());
		}
	}

	/** Where the connection settings came from, for `auth status` and the banner. */
	public enum Source {
		ENVIRONMENT, PROFILE, SANDBOX, BASE_URL_ONLY
	}

	/** The resolved connection: what the shell will talk to. {@code config} is null for {@link Source#SANDBOX}. */
	public record Connection(String profile, Source source, ClientConfig config) {
	}

	/**
	 * Chooses the connection: {@code S4E_API_TOKEN} (with {@code S4E_BASE_URL} or the profile's URL), else the
	 * profile's token, else {@code S4E_BASE_URL} alone, else the built-in sandbox.
	 */
	public Connection resolve(String requestedProfile, Map<String, String> env) {
		String profileName = requestedProfile != null ? requestedProfile
				: env.getOrDefault("S4E_PROFILE", exists() ? current() : DEFAULT);
		Profile profile = exists() ? get(profileName).orElse(null) : null;
		if (requestedProfile != null && profile == null && !requestedProfile.equals(DEFAULT)) {
			throw new UsageException("No profile named '" + requestedProfile + "'. `profile list` shows them.");
		}
		String envToken = env.get("S4E_API_TOKEN");
		String envUrl = env.get("S4E_BASE_URL");
		AuthScheme scheme = env.get("S4E_AUTH_SCHEME") != null ? AuthScheme.parse(env.get("S4E_AUTH_SCHEME"))
				: profile != null ? profile.authScheme() : AuthScheme.BEARER;
		if (envToken != null && !envToken.isBlank()) {
			String url = envUrl != null ? envUrl : profile != null ? profile.baseUrl() : ClientConfig.DEFAULT_BASE_URL;
			return new Connection(profileName, Source.ENVIRONMENT,
					ClientConfig.of(url, Secret.of(envToken)).withAuthScheme(scheme));
		}
		if (profile != null && profile.token() != null) {
			String url = envUrl != null ? envUrl : profile.baseUrl();
			return new Connection(profileName, Source.PROFILE,
					ClientConfig.of(url, profile.token()).withAuthScheme(scheme));
		}
		if (envUrl != null && !envUrl.isBlank()) {
			return new Connection(profileName, Source.BASE_URL_ONLY, ClientConfig.of(envUrl, null));
		}
		return new Connection(profileName, Source.SANDBOX, null);
	}

}
