package io.s4e.shell.commands;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.console.ErrorReporter;
import io.s4e.shell.console.S4eShellRunner;

/** `stacktrace`, `script` and `version`. */
@Component
public class SystemCommands {

	private static final String GROUP = "Shell";

	private final ErrorReporter errors;

	private final ObjectProvider<S4eShellRunner> runner;

	public SystemCommands(ErrorReporter errors, ObjectProvider<S4eShellRunner> runner) {
		this.errors = errors;
		this.runner = runner;
	}

	@Command(name = "stacktrace", group = GROUP, description = "Show the full stack trace of the last error",
			help = "stacktrace\n  Errors print one line; this shows the full trace of the last one.\nExample: stacktrace")
	public void stacktrace(CommandContext ctx) {
		ctx.outputWriter().println(errors.lastStackTrace());
	}

	@Command(name = "script", group = GROUP, description = "Run a file of shell commands, stopping at the first failure",
			help = "script FILE\n  One command per line; blank lines and # comments are skipped.\nExample: script nightly.s4e")
	public void script(CommandContext ctx, @Arguments List<String> args) {
		String file = CommandOutput.requiredArgument(args, "a script file", "script FILE");
		int code = runner.getObject().runScriptFile(Path.of(file));
		if (code != 0) {
			throw new ScriptFailedException(file, code);
		}
	}

	@Command(name = "version", group = GROUP, description = "Show the shell's version", help = "version\nExample: version")
	public String version() {
		return "s4e-shell " + S4eShellApplication.version();
	}

	/** A script stopped at a failing line; that line was reported already. */
	static final class ScriptFailedException extends io.s4e.shell.api.S4eException {

		private final int code;

		ScriptFailedException(String file, int code) {
			super("Script " + file + " stopped at the failure above.");
			this.code = code;
		}

		@Override
		public int exitCode() {
			return code;
		}

	}

}
