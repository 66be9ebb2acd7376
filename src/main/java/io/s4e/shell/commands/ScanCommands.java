package io.s4e.shell.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.api.model.Vocabulary;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.watch.ScanWaiter;
import io.s4e.shell.watch.WaitDurations;
import io.s4e.shell.watch.WaitResult;
import io.s4e.shell.watch.WatchPresenter;

/** `scan create|list|show|status|cancel|results`: parse, call {@link ScanService}, render. */
@Component
public class ScanCommands {

	private static final String GROUP = "Scans";

	private final ScanService scans;

	private final CommandOutput output;

	private final WatchPresenter watch;

	public ScanCommands(ScanService scans, CommandOutput output, WatchPresenter watch) {
		this.scans = scans;
		this.output = output;
		this.watch = watch;
	}

	@Command(name = { "scan", "create" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Create a scan of an asset",
			help = """
					scan create --asset ID --type TYPE [--priority low|normal|high] [--option key=value ...]
					            [--callback-url URL] [-o FORMAT] [--wait [--timeout DURATION] [--fail-on SEVERITY]]
					  --asset defaults to the current asset (`use asset ID`). Types: full, quick, custom,
					  api_discovery, ssl, dns, port, web_app, network, api (the server decides which it runs).
					  A scan already queued or running on the asset is adopted instead of failing.
					  --wait follows the scan to its end (progress on stderr), then prints it with its findings.
					  Exit codes: 1 findings at or above --fail-on; 4 --timeout passed, or the scan failed or
					  was cancelled.
					Example: scan create --asset a-1001 --type quick --option max_depth=5
					Example: scan create --asset a-1001 --type quick --wait --timeout 10m --fail-on high""")
	public void create(CommandContext ctx,
			@Option(longName = "asset", description = "asset ID (default: the current asset)") String asset,
			@Option(longName = "type", description = "scan type, e.g. quick or full") String type,
			@Option(longName = "priority", description = "low, normal or high") String priority,
			@Option(longName = "option", description = "scan option key=value; repeatable") String option,
			@Option(longName = "callback-url", description = "URL the server calls on completion") String callbackUrl,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq,
			@Option(longName = "wait", description = "follow the scan until it ends") boolean wait,
			@Option(longName = "timeout", description = "with --wait: give up after e.g. 10m (exit 4)") String timeout,
			@Option(longName = "fail-on", description = "with --wait: exit 1 on findings at or above this severity") String failOn) {
		if ((timeout != null || failOn != null) && !wait) {
			throw new io.s4e.shell.api.UsageException("--timeout and --fail-on go with --wait.");
		}
		java.time.Duration waitLimit = WaitDurations.parse(timeout);
		io.s4e.shell.api.model.Severity gate = failOn == null ? null : Severities.one(failOn);
		if (type == null || type.isBlank()) {
			throw new io.s4e.shell.api.UsageException(
					"Give --type, one of: " + String.join(", ", Vocabulary.SCAN_TYPES) + ".");
		}
		if (priority != null && !Vocabulary.PRIORITIES.contains(priority)) {
			throw new io.s4e.shell.api.UsageException(
					"Unknown priority '" + priority + "'. Use low, normal or high.");
		}
		ScanService.Created created = scans.create(blankToNull(asset), type.trim(), priority,
				OptionValues.scanOptions(option), blankToNull(callbackUrl), "shell");
		Scan scan = created.scan();
		if (created.adopted()) {
			output.warn("A scan was already " + scan.status() + " on " + scan.assetId() + ": using " + scan.id()
					+ " instead of creating another.");
		}
		else {
			output.note("Created scan " + scan.id() + " (" + scan.status() + ")."
					+ (wait ? " Waiting for it to end." : " `scan watch` follows it."));
		}
		if (!wait) {
			output.one(ctx, scan, format, jq);
			return;
		}
		WaitResult result = watch.waitFor(scan.id(), waitLimit);
		Scan last = result.scans().isEmpty() ? scan : result.scans().get(0);
		output.one(ctx, last, format, jq);
		if (last.isTerminal()) {
			output.note("Scan " + last.id() + " " + last.status() + ": findings " + result.findings().compact()
					+ " (`scan results` lists them).");
		}
		ScanWaiter.requireSuccess(result, gate, waitLimit);
	}

	@Command(name = { "scan", "watch" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Follow scans live until they end (default: the last scan)",
			help = """
					scan watch [ID|last ...] | scan watch --all
					  One row per scan, redrawn in place: progress, phase, status, elapsed, ETA and findings by
					  severity. --all follows every queued or running scan that matches the session filters,
					  and picks up new ones. q or Ctrl-C leaves (the scans keep running); arrows select; c
					  cancels the selected scan after a confirmation. Without a terminal: a line per change.
					Example: scan watch sc-44021 sc-44022""")
	public void watch(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "all", description = "every queued or running scan matching the filters") boolean all) {
		watch.watch(ctx.outputWriter(), args, all);
	}

	@Command(name = { "scan", "list" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "List scans",
			help = """
					scan list [--status S] [--asset ID] [--type T] [--from ISO8601] [--to ISO8601]
					          [--page N] [--per-page N] [--all] [-o FORMAT] [--jq EXPR] [--columns a,b]
					  Saved filters (`filter set`) and the current asset fill in what you leave out.
					Example: scan list --status running -o json --jq '.[].scan_id'""")
	public void list(CommandContext ctx, @Option(longName = "status", description = "queued, running, completed, failed, cancelled") String status,
			@Option(longName = "asset", description = "asset ID") String asset,
			@Option(longName = "type", description = "scan type") String type,
			@Option(longName = "from", description = "created at or after (ISO 8601)") String from,
			@Option(longName = "to", description = "created before (ISO 8601)") String to,
			@Option(longName = "page", description = "page number, from 1") Integer page,
			@Option(longName = "per-page", description = "rows per page, at most 100") Integer perPage,
			@Option(longName = "all", description = "every page") boolean all,
			@Option(longName = "output", shortName = 'o', description = "table, json, jsonl, csv, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq,
			@Option(longName = "columns", description = "table/CSV columns, comma-separated") String columns) {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("status", status);
		given.put("asset_id", asset);
		given.put("scan_type", type);
		given.put("from", from);
		given.put("to", to);
		given.put("page", page);
		given.put("per_page", perPage);
		given.values().removeIf(java.util.Objects::isNull);
		output.rows(ctx, scans.list(given, all), Scan.class, format, jq, columns);
	}

	@Command(name = { "scan", "show" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Show a scan's details (default: the last scan)",
			help = "scan show [ID|last] [-o FORMAT] [--jq EXPR]\nExample: scan show sc-44021")
	public void show(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq) {
		output.one(ctx, scans.show(CommandOutput.optionalArgument(args, "scan show [ID|last]")), format, jq);
	}

	@Command(name = { "scan", "status" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Show a scan's progress, phase and ETA (default: the last scan)",
			help = "scan status [ID|last] [-o FORMAT]\nExample: scan status last")
	public void status(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq) {
		output.one(ctx, scans.status(CommandOutput.optionalArgument(args, "scan status [ID|last]")), format, jq);
	}

	@Command(name = { "scan", "cancel" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Cancel a queued or running scan (default: the last scan)",
			help = """
					scan cancel [ID|last]
					  Findings already discovered are kept: `scan results` shows them.
					Example: scan cancel sc-44021""")
	public void cancel(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format) {
		Scan scan = scans.cancel(CommandOutput.optionalArgument(args, "scan cancel [ID|last]"));
		output.say(ctx, format, "Scan " + scan.id() + " is " + scan.status()
				+ (scan.message() != null ? ": " + scan.message() : "."));
		if (output.format(format).isMachineReadable()) {
			output.one(ctx, scan, format, null);
		}
	}

	@Command(name = { "scan", "results" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "List a scan's findings (default: the last scan)",
			help = """
					scan results [ID|last] [--severity critical,high] [--page N] [--per-page N] [--all]
					             [-o table|json|jsonl|csv|yaml|sarif] [--jq EXPR] [--columns a,b]
					Example: scan results --severity critical,high -o sarif > results.sarif""")
	public void results(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "severity", description = "comma list: critical,high,medium,low,info") String severity,
			@Option(longName = "page", description = "page number, from 1") Integer page,
			@Option(longName = "per-page", description = "rows per page, at most 100") Integer perPage,
			@Option(longName = "all", description = "every page") boolean all,
			@Option(longName = "output", shortName = 'o', description = "table, json, jsonl, csv, yaml, sarif") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq,
			@Option(longName = "columns", description = "table/CSV columns, comma-separated") String columns) {
		List<String> severities = Severities.parse(severity);
		// The command writes every row it gets: later pages may be fetched while earlier ones are read.
		output.rows(ctx, scans.results(CommandOutput.optionalArgument(args, "scan results [ID|last]"), severities,
				page, perPage, all, true), Finding.class, format, jq, columns);
	}

	static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

}
