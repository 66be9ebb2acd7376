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
import io.s4e.shell.service.FindingService;

/** `finding list|show|triage`. */
@Component
public class FindingCommands {

	private static final String GROUP = "Findings";

	private final FindingService findings;

	private final CommandOutput output;

	public FindingCommands(FindingService findings, CommandOutput output) {
		this.findings = findings;
		this.output = output;
	}

	@Command(name = { "finding", "list" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "List findings across assets and scans",
			help = """
					finding list [--severity critical,high] [--status S] [--asset ID] [--scan ID]
					             [--cvss-min N] [--cvss-max N] [--search TEXT]
					             [--sort-by severity|cvss|discovered_at|title] [--sort-order asc|desc]
					             [--page N] [--per-page N] [--all] [-o table|json|jsonl|csv|yaml|sarif]
					             [--jq EXPR] [--columns a,b]
					Example: finding list --severity critical,high --status open -o csv > open.csv""")
	public void list(CommandContext ctx,
			@Option(longName = "severity", description = "comma list: critical,high,medium,low,info") String severity,
			@Option(longName = "status", description = "open, confirmed, resolved, false_positive, accepted_risk") String status,
			@Option(longName = "asset", description = "asset ID") String asset,
			@Option(longName = "scan", description = "scan ID") String scan,
			@Option(longName = "cvss-min", description = "lowest CVSS score") Double cvssMin,
			@Option(longName = "cvss-max", description = "highest CVSS score") Double cvssMax,
			@Option(longName = "search", description = "text in title and description") String search,
			@Option(longName = "sort-by", description = "severity, cvss, discovered_at, title") String sortBy,
			@Option(longName = "sort-order", description = "asc or desc") String sortOrder,
			@Option(longName = "page", description = "page number, from 1") Integer page,
			@Option(longName = "per-page", description = "rows per page, at most 100") Integer perPage,
			@Option(longName = "all", description = "every page") boolean all,
			@Option(longName = "output", shortName = 'o', description = "table, json, jsonl, csv, yaml, sarif") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq,
			@Option(longName = "columns", description = "table/CSV columns, comma-separated") String columns) {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("severity", Severities.parse(severity));
		given.put("status", status);
		given.put("asset_id", asset);
		given.put("scan_id", scan);
		given.put("cvss_min", cvssMin);
		given.put("cvss_max", cvssMax);
		given.put("search", search);
		given.put("sort_by", sortBy);
		given.put("sort_order", sortOrder);
		given.put("page", page);
		given.put("per_page", perPage);
		given.values().removeIf(java.util.Objects::isNull);
		// The command writes every row it gets: later pages may be fetched while earlier ones are read.
		output.rows(ctx, findings.list(given, all, true), Finding.class, format, jq, columns);
	}

	@Command(name = { "finding", "show" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Show a finding with its description, remediation and references",
			help = "finding show ID [-o FORMAT] [--jq EXPR]\nExample: finding show f-91827")
	public void show(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml, sarif") String format,
			@Option(longName = "jq", description = "jq expression over the JSON output") String jq) {
		output.one(ctx, findings.show(CommandOutput.requiredArgument(args, "a finding ID", "finding show ID")), format,
				jq);
	}

	@Command(name = { "finding", "triage" }, group = GROUP, completionProvider = "s4eCompletion",
			description = "Set a finding's status, with an optional note",
			help = """
					finding triage ID --status STATUS [--note TEXT]
					  Statuses: open, confirmed, resolved, false_positive, accepted_risk (accepted on some servers).
					Example: finding triage f-91827 --status false_positive --note "WAF blocks the payload\"""")
	public void triage(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "status", description = "new status") String status,
			@Option(longName = "note", description = "why, for the audit trail") String note,
			@Option(longName = "output", shortName = 'o', description = "table, json, yaml") String format) {
		String id = CommandOutput.requiredArgument(args, "a finding ID", "finding triage ID --status STATUS");
		Finding updated = findings.triage(id, status, note);
		output.say(ctx, format, "Finding " + updated.id() + " is now " + updated.status() + ".");
		if (output.format(format).isMachineReadable()) {
			output.one(ctx, updated, format, null);
		}
	}

}
