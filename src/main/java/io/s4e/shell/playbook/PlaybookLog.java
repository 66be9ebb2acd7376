package io.s4e.shell.playbook;

import java.io.PrintWriter;

import io.s4e.shell.output.TerminalText;

/** {@code log} in a playbook: lines on stderr, apart from the results on stdout. */
public final class PlaybookLog extends DslObject {

	private final PrintWriter err;

	PlaybookLog(PrintWriter err) {
		this.err = err;
	}

	@Override
	protected String dslName() {
		return "log";
	}

	public void info(Object message) {
		line("", message);
	}

	public void warn(Object message) {
		line("warning: ", message);
	}

	public void error(Object message) {
		line("error: ", message);
	}

	/** {@code log 'text'} is {@code log.info 'text'}. */
	public void call(Object message) {
		info(message);
	}

	private void line(String prefix, Object message) {
		synchronized (err) {
			err.println(prefix + TerminalText.safeMultiline(String.valueOf(message)));
			err.flush();
		}
	}

	@Override
	public String toString() {
		return "log";
	}

}
