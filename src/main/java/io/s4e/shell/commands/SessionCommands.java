package io.s4e.shell.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionState;

/** `use`, `filter` and `session`: the context that survives restarts. */
@Component
public class SessionCommands {

	private static final String GROUP = "Session";

	private final SessionService session;

	private final AssetService assets;

	private final ConnectionManager connection;

	private final CommandOutput output;

	public SessionCommands(SessionService session, AssetService assets, ConnectionManager connection,
			CommandOutput output) {
		this.session = session;
		this.assets = assets;
		this.connection = connection;
		this.output = output;
	}

	@Command(name = { "use", "asset" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Make an asset the default --asset",
			help = "use asset ID\n  The prompt shows it; `use none` clears it.\nExample: use asset a-1001")
	public void useAsset(CommandContext ctx, @Arguments List<String> args) {
		Asset asset = assets.use(CommandOutput.requiredArgument(args, "an asset ID", "use asset ID"));
		ctx.outputWriter().println("Current asset: " + asset.id() + (asset.name() != null ? " (" + asset.name() + ")" : ""));
	}

	@Command(name = { "use", "none" }, group = GROUP, description = "Clear the current asset",
			help = "use none\nExample: use none")
	public void useNone(CommandContext ctx) {
		assets.useNone();
		ctx.outputWriter().println("No current asset.");
	}

	@Command(name = { "filter", "set" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Save default filters for list commands",
			help = """
					filter set key=value ...
					  Applied to every list command that accepts the key (scan list, asset list, finding list),
					  and shown when applied. Prefix with scan., asset. or finding. to aim at one list.
					Example: filter set finding.status=open severity=critical,high""")
	public void filterSet(CommandContext ctx, @Arguments List<String> args) {
		if (args == null || args.isEmpty()) {
			throw new UsageException("Give at least one key=value, e.g. `filter set status=running`.");
		}
		session.setFilters(OptionValues.pairs(args, "filter set"));
		printFilters(ctx);
	}

	@Command(name = { "filter", "show" }, group = GROUP, description = "Show the saved filters", help = "filter show\nExample: filter show")
	public void filterShow(CommandContext ctx) {
		printFilters(ctx);
	}

	@Command(name = { "filter", "clear" }, group = GROUP, description = "Remove saved filters (all, or the keys named)",
			help = "filter clear [key ...]\nExample: filter clear status")
	public void filterClear(CommandContext ctx, @Arguments List<String> args) {
		session.clearFilters(args);
		printFilters(ctx);
	}

	@Command(name = { "session", "show" }, group = GROUP, description = "Show the session: target, last scan, current asset, filters, recent scans",
			help = "session show [-o json|yaml]\n  The session is kept per profile under the XDG state folder.\nExample: session show -o json")
	public void show(CommandContext ctx,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format) {
		SessionState s = session.state();
		if (output.format(format).isMachineReadable()) {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("target", connection.target());
			view.put("base_url", connection.baseUrl());
			view.put("last_scan", s.lastScanId());
			view.put("current_asset", s.currentAssetId());
			view.put("filters", s.filters());
			view.put("recent_scans", s.recentScans());
			output.one(ctx, view, format, null);
			return;
		}
		var out = ctx.outputWriter();
		out.println("Target:        " + connection.describe());
		out.println("Last scan:     " + or(s.lastScanId()));
		out.println("Current asset: " + or(s.currentAssetId()));
		out.println("Filters:       " + (s.filters().isEmpty() ? "(none)" : s.filters()));
		out.println("Recent scans:  " + (s.recentScans().isEmpty() ? "(none)" : ""));
		s.recentScans().stream().limit(20).forEach(r -> out.printf("  %-40s %-12s %-10s %-22s %s%n", r.scanId(),
				or(r.assetId()), or(r.scanType()), or(r.createdAt()), or(r.origin())));
		if (s.recentScans().size() > 20) {
			out.println("  ... and " + (s.recentScans().size() - 20) + " more (-o json lists all)");
		}
	}

	private void printFilters(CommandContext ctx) {
		Map<String, String> filters = session.filters();
		if (filters.isEmpty()) {
			ctx.outputWriter().println("No saved filters.");
			return;
		}
		filters.forEach((k, v) -> ctx.outputWriter().println(k + "=" + v));
	}

	private static String or(String s) {
		return s == null ? "(none)" : s;
	}

}
