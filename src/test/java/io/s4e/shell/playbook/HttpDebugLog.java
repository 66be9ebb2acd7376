package io.s4e.shell.playbook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The client's debug log of requests ({@code io.s4e.shell.http}, one line per request on the wire, with its
 * status), captured while open: what was really sent and answered, retries included.
 */
final class HttpDebugLog implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.s4e.shell.http");

	private final Level level = logger.getLevel();

	private final boolean additive = logger.isAdditive();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
		@Override
		protected void append(ILoggingEvent event) {
			lines.add(event.getFormattedMessage());
		}
	};

	private HttpDebugLog() {
		appender.start();
		logger.addAppender(appender);
		logger.setLevel(Level.DEBUG);
		logger.setAdditive(false);
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
		logger.detachAppender(appender);
		appender.stop();
		logger.setLevel(level);
		logger.setAdditive(additive);
	}

}
