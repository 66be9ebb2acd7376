package io.s4e.shell.playbook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The client's debug log of requests ({@code io.s4e.shell.http}, one line per request on the wire, with its
 * status), captured while open: what was really sent and answered, retries included.
 */
final class HttpDebugLog implements AutoCloseable {

	/** Held for as long as the capture is open: java.util.logging keeps loggers only weakly. */
	private final Logger logger = Logger.getLogger("io.s4e.shell.http");

	private final Level level = logger.getLevel();

	private final boolean useParentHandlers = logger.getUseParentHandlers();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {
		@Override
		public void publish(LogRecord record) {
			lines.add(record.getMessage());
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	private HttpDebugLog() {
		handler.setLevel(Level.ALL);
		logger.addHandler(handler);
		logger.setLevel(Level.FINE);
		logger.setUseParentHandlers(false);
	}

	static HttpDebugLog capture() {
		return new HttpDebugLog();
	}

	/** The lines of requests to {@code baseUrl}. */
	List<String> lines(String baseUrl) {
		return lines.stream().filter(l -> l.contains(baseUrl)).toList();
	}

	@Override
	public void close() {
		logger.removeHandler(handler);
		logger.setLevel(level);
		logger.setUseParentHandlers(useParentHandlers);
	}

}
