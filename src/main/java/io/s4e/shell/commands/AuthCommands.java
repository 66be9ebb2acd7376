package io.s4e.shell.commands;

import java.util.List;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.AuthScheme;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.ScanQuery;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.UsageException;
import io.s4e.shell.connection.ConnectionManager;

/** `auth login|status` and `profile list|use`. The token is only ever read from a masked prompt. */
@Component
public class AuthCommands {

	private static final String GROUP = "Auth";

	private final ConnectionManager connection;

	public AuthCommands(ConnectionManager connection) {
		this.connection = connection;
	}

	@Command(name = { "auth", "login" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Store an API token in a profile (asked for with a masked prompt)",
			help = """
					auth login [--profile NAME] [--base-url URL] [--api-key-header]
					  The token is read from a masked prompt, never from the command line, and stored in the
					  profile file (0600). --api-key-header sends it as X-API-Key instead of Bearer.
					Example: auth login --profile work --base-url https://api.s4e.io""")
	public void login(CommandContext ctx, @Option(longName = "profile", description = "profile name") String profile,
			@Option(longName = "base-url", description = "API base URL") String baseUrl,
			@Option(longName = "api-key-header", description = "send X-API-Key instead of Bearer") boolean apiKeyHeader)
			throws Exception {
		String name = profile == null || profile.isBlank() ? Profiles.DEFAULT : profile.trim();
		String url = baseUrl == null || baseUrl.isBlank() ? ClientConfig.DEFAULT_BASE_URL : baseUrl.trim();
		char[] token = ctx.inputReader().readPassword("API token for " + url + ": ");
		if (token == null || token.length == 0) {
			throw new UsageException("No token entered; nothing changed.");
		}
		connection.login(name, url, apiKeyHeader ? AuthScheme.API_KEY : AuthScheme.BEARER, Secret.of(token));
		java.util.Arrays.fill(token, '\0');
		ctx.outputWriter().println("Saved profile '" + name + "' (" + url + ") in " + connection.profiles().file()
				+ ". `auth status` checks it.");
	}

	@Command(name = { "auth", "status" }, group = GROUP, description = "Show where commands go and whether the token works",
			help = "auth status\n  Sends one authenticated request; the token is shown masked.\nExample: auth status")
	public void status(CommandContext ctx) {
		var out = ctx.outputWriter();
		out.println("Target: " + connection.describe());
		try {
			connection.client().listScans(new ScanQuery(null, null, null, null, null, 1, 1, null, null));
			out.println("Check:  OK (the API answered an authenticated request)");
		}
		catch (S4eException e) {
			// The failure is the command's result: one error line and its exit code, so scripts can gate on it.
			out.flush();
			throw e;
		}
	}

	@Command(name = { "profile", "list" }, group = GROUP, description = "List stored profiles", help = "profile list\n  The current profile is marked with *; tokens are masked.\nExample: profile list")
	public void list(CommandContext ctx) {
		Profiles profiles = connection.profiles();
		if (!profiles.exists() || profiles.list().isEmpty()) {
			ctx.outputWriter().println("No profiles yet. `auth login --profile NAME` creates one.");
			return;
		}
		String current = profiles.current();
		for (Profiles.Profile p : profiles.list()) {
			ctx.outputWriter().printf("%s %-16s %-40s %s%n", p.name().equals(current) ? "*" : " ", p.name(),
					p.baseUrl(), p.token() == null ? "(no token)" : p.token().masked());
		}
	}

	@Command(name = { "profile", "use" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Switch to another stored profile", help = "profile use NAME\nExample: profile use work")
	public void use(CommandContext ctx, @Arguments List<String> args) {
		String name = CommandOutput.requiredArgument(args, "a profile name", "profile use NAME");
		connection.useProfile(name);
		ctx.outputWriter().println("Now using profile '" + name + "': " + connection.describe());
	}

}
