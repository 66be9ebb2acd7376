package io.s4e.shell.playbook;

import java.io.File;
import java.util.Map;

import groovy.lang.Script;

/**
 * The base class of every playbook: the helpers a playbook calls without a receiver. {@code s4e}, {@code args},
 * {@code session} and {@code log} are variables of the script's binding.
 */
public abstract class PlaybookScript extends Script {

	private PlaybookOutput output;

	void attach(PlaybookOutput output) {
		this.output = output;
	}

	/** Stops the playbook as failed (exit code 1) with a message. */
	public void fail(Object message) {
		throw new PlaybookException.Failed(String.valueOf(message));
	}

	/** Stops the playbook with this exit code; 0 is success. */
	public void exit(int code) {
		throw new ExitRequest(code);
	}

	/** Prints rows (findings, scans, assets, maps) or one object as a table, like the shell. */
	public void table(Object rows) {
		output.table(rows, Map.of());
	}

	/** {@code table(findings, columns: ['id', 'severity', 'title'])}. */
	public void table(Map<String, ?> options, Object rows) {
		output.table(rows, options);
	}

	/** Writes rows to a file, in the format its extension names (sarif, csv, json, jsonl, yaml, md). */
	public File export(Object rows, String path) {
		return output.export(rows, path, Map.of());
	}

	/** {@code export(findings, 'out.csv', columns: 'id,title')} or {@code format: 'json'}. */
	public File export(Map<String, ?> options, Object rows, String path) {
		return output.export(rows, path, options);
	}

	/**
	 * Unwinds the playbook on {@code exit(n)}. An Error, so that a playbook's {@code catch (e)} around the call
	 * does not swallow it.
	 */
	static final class ExitRequest extends Error {

		private static final long serialVersionUID = 1L;

		final int code;

		ExitRequest(int code) {
			super("exit " + code, null, false, false);
			this.code = code;
		}

	}

}
