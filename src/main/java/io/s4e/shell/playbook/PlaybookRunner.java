package io.s4e.shell.playbook;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.support.Lazy;

/**
 * Runs playbook files and one-line expressions for the `run` and `groovy` commands. The Groovy engine behind it
 * is created on first use (or by {@link #warmUpInBackground(Thread)} once the prompt shows), so the shell's
 * start-up loads no Groovy class.
 */
public final class PlaybookRunner {

	private final Path workingDir;

	/** How often the warm-up looks whether the prompt is waiting for input. */
	private static final long IDLE_LOOK_MILLIS = 50;

	/** The warm-up starts after this at the latest, should the prompt thread never look idle. */
	static final long MAX_IDLE_WAIT_MILLIS = 3000;

	private final Lazy<PlaybookEngine> engine = Lazy.of(() -> new PlaybookEngine(PlaybookRunner.class.getClassLoader()));

	private volatile boolean warmedUp;

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

	/**
	 * Warms the compiler up on a low-priority daemon thread once {@code promptThread} waits for input (the prompt
	 * is on the screen), so the first `run` is quick and the start-up to the prompt loads no Groovy class.
	 *
	 * @return the warm-up thread, already started
	 */
	public Thread warmUpInBackground(Thread promptThread) {
		Thread thread = new Thread(() -> {
			try {
				awaitIdle(promptThread);
				engine().warmUp();
				warmedUp = true;
			}
			catch (InterruptedException e) {
				// The shell is ending.
			}
			catch (RuntimeException | LinkageError e) {
				// The first real playbook reports whatever is wrong.
			}
		}, "s4e-playbook-warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
		return thread;
	}

	/** Whether a warm-up has compiled and run its playbook. */
	public boolean isWarmedUp() {
		return warmedUp;
	}

	/**
	 * Returns once {@code thread} has been waiting (for input, at the prompt) on two looks in a row, or after
	 * {@link #MAX_IDLE_WAIT_MILLIS} in any case.
	 */
	static void awaitIdle(Thread thread) throws InterruptedException {
		long deadline = System.nanoTime() + MAX_IDLE_WAIT_MILLIS * 1_000_000L;
		int idle = 0;
		while (idle < 2 && System.nanoTime() < deadline) {
			Thread.sleep(IDLE_LOOK_MILLIS);
			Thread.State state = thread.getState();
			boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
					|| state == Thread.State.TERMINATED;
			idle = waiting ? idle + 1 : 0;
		}
	}

	private PlaybookEngine engine() {
		return engine.get();
	}

}
