package io.s4e.shell.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.playbook.PlaybookConsole;
import io.s4e.shell.playbook.PlaybookRunner;
import io.s4e.shell.playbook.PlaybookServices;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.FindingService;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.watch.ScanWaiter;

/** `run FILE.groovy [--arg key=value ...]` and `groovy 'EXPR'`: parse, hand to {@link PlaybookRunner}, render. */
@Component
public class PlaybookCommands {

	private static final String GROUP = "Playbooks";

	private final ScanService scans;

	private final AssetService assets;

	private final FindingService findings;

	private final SessionService session;

	private final ConnectionManager connection;

	private final CommandOutput output;

	private final ScanWaiter waiter;

	private final PlaybookRunner runner;

	public PlaybookCommands(ScanService scans, AssetService assets, FindingService findings, SessionService session,
			ConnectionManager connection, CommandOutput output, ScanWaiter waiter, PlaybookRunner runner) {
		this.waiter = waiter;
		this.runner = runner;
		this.scans = scans;
		this.assets = assets;
		this.findings = findings;
		this.session = session;
		this.connection = connection;
		this.output = output;
	}

	@Command(name = "run", group = GROUP, description = "Run a Groovy playbook",
			help = """
					run FILE.groovy [--arg key=value ...]
					  The playbook sees `s4e` (assets, scans, findings), `args` (the --arg pairs), `session`, `log`,
					  and calls table(rows), export(rows, 'out.sarif'), fail(msg), exit(n). It shares this session:
					  every scan it creates is in `session show` at once. Ctrl-C stops it.
					  Exit codes: 0 success, 1 fail() or a gate, 2 compile or playbook error, 3 API error,
					  4 a wait timed out or was interrupted, or the playbook's own exit(n).
					Example: run scripts/playbooks/batch-scan.groovy --arg tag=production --arg type=quick""")
	public void run(CommandContext ctx, @Arguments List<String> args,
			@Option(longName = "arg", description = "key=value for the playbook's args; repeatable") String arg) {
		String file = CommandOutput.requiredArgument(args, "a playbook file", "run FILE.groovy [--arg key=value ...]");
		Map<String, String> values = OptionValues.pairs(arg, "--arg");
		runner.run(Path.of(file), values, services(), console(ctx));
	}

	@Command(name = "groovy", group = GROUP, description = "Evaluate a Groovy expression with the playbook DSL",
			help = """
					groovy 'EXPR' [-o FORMAT]
					  The expression sees what a playbook sees (`s4e`, `session`, `log`, table(), export()); its
					  value is printed like a command's result.
					Example: groovy 's4e.findings(severity: "critical", status: "open").groupBy { it.assetId }.keySet()'""")
	public void groovy(CommandContext ctx, @Arguments List<String> words,
			@Option(longName = "output", shortName = 'o', description = "table, json, jsonl, csv, yaml") String format) {
		if (words == null || words.isEmpty()) {
			throw new UsageException("Give an expression, e.g. groovy 's4e.assets(tag: \"production\").size()'.");
		}
		OutputFormat chosen = output.format(format);
		Object value = runner.evaluate(String.join(" ", words), services(), console(ctx));
		if (value == null) {
			return;
		}
		if (chosen == OutputFormat.TABLE && isScalar(value)) {
			ctx.outputWriter().println(value);
		}
		else {
			output.renderer().render(value, chosen, output.options(chosen, null, null), ctx.outputWriter());
		}
		ctx.outputWriter().flush();
	}

	private PlaybookServices services() {
		return new PlaybookServices(scans, assets, findings, session, waiter, connection.target());
	}

	private PlaybookConsole console(CommandContext ctx) {
		var io = output.io();
		return new PlaybookConsole(ctx.outputWriter(), io.err(), io.stderrIsTty(), io.colour(), io.width());
	}

	private static boolean isScalar(Object value) {
		return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character || value instanceof Enum<?>;
	}

}
