package io.s4e.shell.playbook;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.s4e.shell.api.UsageException;

/**
 * Runs playbook files and one-line expressions for the `run` and `groovy` commands. The Groovy engine behind it
 * is created on first use (or by {@link #warmUpInBackground()}), so the shell's start-up loads no Groovy class.
 */
public final class PlaybookRunner {

	private final Path workingDir;

	private volatile PlaybookEngine engine;

	public PlaybookRunner(Path workingDir) {
		this.workingDir = workingDir;
	}

	/** Runs a playbook file; returns normally on success (and on {@code exit(0)}), else throws. */
	public Object run(Path file, Map<String, String> args, PlaybookServices services, PlaybookConsole console) {
		Path path = workingDir.resolve(file);
		if (!Files.isRegularFile(path)) {
			throw new UsageException("No playbook at " + file + ". Give the path of a .groovy file, e.g. "
					+ "`run scripts/playbooks/batch-scan.groovy`.");
		}
		String text;
		try {
			text = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (MalformedInputException e) {
			throw new UsageException("Playbook " + file + " is not UTF-8 text.");
		}
		catch (IOException e) {
			throw new UsageException("Cannot read playbook " + file + " (" + e.getMessage() + ").");
		}
		return engine().run(new PlaybookEngine.Run(path.getFileName().toString(), text, services, console, args,
				workingDir));
	}

	/** Evaluates a one-line expression (named {@code groovy} in messages); returns its value as plain data. */
	public Object evaluate(String expression, PlaybookServices services, PlaybookConsole console) {
		if (expression == null || expression.isBlank()) {
			throw new UsageException("Give an expression, e.g. groovy 's4e.assets(tag: \"production\").size()'.");
		}
		Object value = engine().run(new PlaybookEngine.Run("groovy", expression, services, console, Map.of(),
				workingDir));
		return plain(value);
	}

	/** A playbook's value as data the renderers know: Groovy strings as strings, handles as their scans. */
	public static Object plain(Object value) {
		if (value instanceof LazyPages<?> lazy) {
			return DslArgs.plain(lazy.toList());
		}
		if (value instanceof ScanHandle h) {
			return h.getScan();
		}
		if (value instanceof ScanBatch b) {
			return b.stream().map(ScanHandle::getScan).toList();
		}
		if (value instanceof Iterable<?> items && !(value instanceof java.util.Collection<?>)) {
			java.util.List<Object> list = new java.util.ArrayList<>();
			items.forEach(list::add);
			return DslArgs.plain(list);
		}
		if (value instanceof java.util.Collection<?> c && c.stream().anyMatch(ScanHandle.class::isInstance)) {
			return c.stream().map(i -> i instanceof ScanHandle h ? h.getScan() : DslArgs.plain(i)).toList();
		}
		return DslArgs.plain(value);
	}

	/** Starts the compiler on a background thread (e.g. once the prompt shows), so the first `run` is quick. */
	public void warmUpInBackground() {
		CompletableFuture.runAsync(() -> {
			try {
				engine().warmUp();
			}
			catch (RuntimeException | LinkageError e) {
				// The first real playbook reports whatever is wrong.
			}
		});
	}

	private PlaybookEngine engine() {
		PlaybookEngine e = engine;
		if (e == null) {
			synchronized (this) {
				e = engine;
				if (e == null) {
					e = new PlaybookEngine(PlaybookRunner.class.getClassLoader());
					engine = e;
				}
			}
		}
		return e;
	}

}
