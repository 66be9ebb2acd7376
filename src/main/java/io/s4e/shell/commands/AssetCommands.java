package io.s4e.shell.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.model.Asset;
import io.s4e.shell.service.AssetService;

/** `asset list|show`. */
@Component
public class AssetCommands {

	private static final String GROUP = "Assets";

	private final AssetService assets;

	private final CommandOutput output;

	public AssetCommands(AssetService assets, CommandOutput output) {
		this.assets = assets;
		this.output = output;
	}

	@Command(name = { "asset", "list" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "List assets",
			help = """
					asset list [--type domain|ip|url|network] [--tag TAG] [--status S] [--search TEXT]
					           [--sort-by name|type|created_at|risk_score] [--sort-order asc|desc]
					           [--page N] [--per-page N] [--all] [-o FORMAT] [--jq EXPR] [--columns a,b]
					Example: asset list --tag production --sort-by risk_score""")
	public void list(CommandContext ctx, @Option(longName = "type", description = "domain, ip, url, network") String type,
			@Option(longName = "tag", description = "tag name") String tag,
			@Option(longName = "status", description = "active, inactive, pending_verification") String status,
			@Option(longName = "search", description = "text in name and metadata") String search,
			@Option(longName = "sort-by", description = "name, type, created_at, risk_score") String sortBy,
			@Option(longName = "sort-order", description = "asc or desc") String sortOrder,
			@Option(longName = "page", description = "page number, from 1") Integer page,
			@Option(longName = "per-page", description = "rows per page, at most 100") Integer perPage,
			@Option(longName = "all", description = "every page") boolean all,
			@Option(longName = "output", shortName = 'o', description = "table, json, jsonl, csv, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq,
			@Option(longName = "columns", description = "table/CSV columns, comma-separated") String columns) {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("type", type);
		given.put("tag", tag);
		given.put("status", status);
		given.put("search", search);
		given.put("sort_by", sortBy);
		given.put("sort_order", sortOrder);
		given.put("page", page);
		given.put("per_page", perPage);
		given.values().removeIf(java.util.Objects::isNull);
		output.rows(ctx, assets.list(given, all), Asset.class, format, jq, columns);
	}

	@Command(name = { "asset", "show" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Show an asset (default: the current asset)",
			help = "asset show [ID] [-o FORMAT] [--jq EXPR]\nExample: asset show a-1001")
	public void show(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq) {
		output.one(ctx, assets.show(CommandOutput.optionalArgument(args, "asset show [ID]")), format, jq);
	}

}
