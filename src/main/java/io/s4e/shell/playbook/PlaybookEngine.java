package io.s4e.shell.playbook;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyRuntimeException;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.StackTraceUtils;
import org.codehaus.groovy.syntax.SyntaxException;

import io.s4e.shell.api.S4eException;

/**
 * Compiles and runs playbooks: Groovy with the DSL's types imported, {@link PlaybookScript} as the base class,
 * the interrupt transform (every loop, closure and method checks the thread's interrupt flag, so Ctrl-C stops a
 * running playbook at once) and {@link PlaybookGuard}. Compiled classes are kept by name and content, so running
 * the same file again does not compile it again. Every Groovy class the shell uses is reached through here, so
 * none is loaded before the first playbook.
 */
final class PlaybookEngine {

	private static final int CACHE_SIZE = 32;

	private final GroovyClassLoader loader;

	private final Map<String, Class<?>> compiled = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Class<?>> eldest) {
			return size() > CACHE_SIZE;
		}
	};

	PlaybookEngine(ClassLoader parent) {
		CompilerConfiguration config = new CompilerConfiguration();
		config.setScriptBaseClass(PlaybookScript.class.getName());
		config.setSourceEncoding(StandardCharsets.UTF_8.name());
		ImportCustomizer imports = new ImportCustomizer();
		imports.addStarImports("io.s4e.shell.api.model", "java.time");
		imports.addImports(ScanHandle.class.getName(), ScanBatch.class.getName(), LazyPages.class.getName());
		config.addCompilationCustomizers(imports, new ASTTransformationCustomizer(ThreadInterrupt.class),
				new PlaybookGuard());
		this.loader = new GroovyClassLoader(parent, config);
	}

	/** One playbook run's inputs. {@code name} is what errors and stack frames call it, e.g. {@code gate.groovy}. */
	record Run(String name, String text, PlaybookServices services, PlaybookConsole console,
			Map<String, String> args, Path workingDir) {
	}

	/** Compiles (or finds compiled) and runs a playbook; returns its value, or throws a {@link PlaybookException}. */
	Object run(Run run) {
		Class<?> type = compile(run.name(), run.text());
		String base = run.name().replaceFirst("\\.groovy$", "");
		Binding binding = new Binding();
		binding.setVariable("s4e", new S4eDsl(run.services(), run.console(), "playbook:" + base));
		binding.setVariable("args", new PlaybookArgs(run.name(), run.args()));
		binding.setVariable("session", new PlaybookSession(run.services().session()));
		binding.setVariable("log", new PlaybookLog(run.console().err()));
		binding.setVariable("out", run.console().out());
		Script script = InvokerHelper.createScript(type, binding);
		((PlaybookScript) script).attach(new PlaybookOutput(run.console(), run.workingDir()));
		try {
			return script.run();
		}
		catch (PlaybookScript.ExitRequest exit) {
			if (exit.code == 0) {
				return null;
			}
			throw new PlaybookException.Exited(run.name() + " exited with code " + exit.code + ".", exit.code);
		}
		catch (Throwable t) {
			throw translate(t, run.name(), sourceName(run.name()));
		}
		finally {
			run.console().out().flush();
			run.console().err().flush();
		}
	}

	/** Loads the compiler and the Groovy runtime, so the first playbook starts at once. */
	void warmUp() {
		Class<?> type = compile("warm-up.groovy", "[1, 2].collect { it * 2 }.sum()");
		InvokerHelper.createScript(type, new Binding()).run();
	}

	synchronized Class<?> compile(String name, String text) {
		String key = name + "\u0000" + sha256(text);
		Class<?> known = compiled.get(key);
		if (known != null) {
			return known;
		}
		try {
			Class<?> type = loader.parseClass(new GroovyCodeSource(text, sourceName(name), "/s4e/playbook"), false);
			compiled.put(key, type);
			return type;
		}
		catch (MultipleCompilationErrorsException e) {
			throw compileError(e, name);
		}
	}

	/**
	 * The name the playbook is compiled under, which Groovy also makes its class name and the file name of its
	 * stack frames. Prefixed, so that a playbook called {@code args.groovy} or {@code log.groovy} does not get a
	 * class that hides the variable of that name.
	 */
	static String sourceName(String name) {
		return "playbook_" + name.replaceFirst("\\.groovy$", "").replaceAll("[^A-Za-z0-9_]", "_") + ".groovy";
	}

	static PlaybookException.CompileError compileError(MultipleCompilationErrorsException e, String name) {
		List<? extends Message> errors = e.getErrorCollector().getErrors();
		int line = 0;
		int column = 0;
		String message = firstLine(e.getMessage());
		if (errors != null && !errors.isEmpty()) {
			Message first = errors.get(0);
			if (first instanceof SyntaxErrorMessage syntax) {
				SyntaxException cause = syntax.getCause();
				line = cause.getLine();
				column = cause.getStartColumn();
				message = firstLine(cause.getOriginalMessage());
			}
			else if (first instanceof ExceptionMessage exception && exception.getCause() != null) {
				message = firstLine(String.valueOf(exception.getCause().getMessage()));
			}
		}
		int more = errors == null ? 0 : errors.size() - 1;
		return new PlaybookException.CompileError(name + ":" + line + ":" + column + ": " + message
				+ (more > 0 ? " (and " + more + " more error" + (more == 1 ? "" : "s") + ")" : ""), line, column);
	}

	/** A failure while running, as one line located at the playbook's own line. */
	static PlaybookException translate(Throwable failure, String name, String sourceName) {
		int line = playbookLine(failure, sourceName);
		String at = line > 0 ? name + ":" + line + ": " : name + ": ";
		if (isInterruption(failure)) {
			Thread.interrupted();
			return new PlaybookException.Interrupted(at + "interrupted. Scans it created keep running; "
					+ "`session show` lists them.");
		}
		if (failure instanceof PlaybookException.Failed f) {
			return new PlaybookException.Failed(at + f.getMessage());
		}
		if (failure instanceof PlaybookException.WaitTimedOut w) {
			return new PlaybookException.WaitTimedOut(at + w.getMessage());
		}
		if (failure instanceof PlaybookException p) {
			return p;
		}
		Throwable clean = StackTraceUtils.deepSanitize(failure);
		if (failure instanceof S4eException e) {
			return new PlaybookException.RuntimeFailure(at + e.getMessage(), line, e.exitCode(), clean);
		}
		String message = failure.getMessage() == null || failure.getMessage().isBlank()
				? failure.getClass().getSimpleName()
				: failure instanceof GroovyRuntimeException ? firstLine(failure.getMessage())
						: failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage());
		return new PlaybookException.RuntimeFailure(at + message + " (`stacktrace` shows the full trace)", line,
				S4eException.EXIT_USAGE, clean);
	}

	private static boolean isInterruption(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InterruptedException || t instanceof PlaybookException.Interrupted
					|| t instanceof InterruptedIOException && !"timeout".equals(t.getMessage())) {
				return true;
			}
		}
		return Thread.currentThread().isInterrupted();
	}

	/** The first frame of the playbook itself, across the causes; 0 when there is none. */
	static int playbookLine(Throwable failure, String name) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			for (StackTraceElement frame : t.getStackTrace()) {
				if (name.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
					return frame.getLineNumber();
				}
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return 0;
	}

	private static String firstLine(String s) {
		if (s == null) {
			return "";
		}
		String trimmed = s.strip();
		int nl = trimmed.indexOf('\n');
		return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
