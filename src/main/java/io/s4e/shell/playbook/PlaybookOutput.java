package io.s4e.shell.playbook;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.output.MarkdownWriter;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.output.RenderOptions;
import io.s4e.shell.output.Renderer;
import io.s4e.shell.support.AtomicFiles;

/** {@code table(rows)} and {@code export(rows, 'out.sarif')}: the shell's renderers, for playbooks. */
@SuppressWarnings("unchecked")
final class PlaybookOutput {

	private final Renderer renderer = new Renderer();

	private final PlaybookConsole console;

	private final Path workingDir;

	PlaybookOutput(PlaybookConsole console, Path workingDir) {
		this.console = console;
		this.workingDir = workingDir;
	}

	/** Prints rows (or one object) as the shell would, fitted to the terminal. */
	void table(Object rows, Map<String, ?> options) {
		Map<String, Object> o = DslArgs.only(options, "table", "columns");
		RenderOptions render = columns(console.tableOptions(), o.get("columns"));
		Object value = rows instanceof LazyPages<?> lazy ? lazy.toList() : rows;
		if (value instanceof Iterable<?> || value instanceof Iterator<?> || value instanceof Object[]) {
			List<Object> plain = plainRows(value);
			renderer.render(plain.iterator(), rowType(plain), OutputFormat.TABLE, render, console.out());
		}
		else {
			renderer.renderOne(DslArgs.plain(value), OutputFormat.TABLE, render, console.out());
		}
		console.out().flush();
	}

	/**
	 * Writes rows to a file in the format its extension names: {@code .sarif}, {@code .csv}, {@code .json},
	 * {@code .jsonl}, {@code .yaml}, {@code .md}. The file is replaced atomically and readable by its owner only.
	 */
	File export(Object rows, String path, Map<String, ?> options) {
		Map<String, Object> o = DslArgs.only(options, "export", "format", "columns");
		if (path == null || path.isBlank()) {
			throw new UsageException("export() needs a file name, e.g. export(findings, 'findings.sarif').");
		}
		Path target = workingDir.resolve(path.trim()).toAbsolutePath().normalize();
		String format = o.get("format") != null ? String.valueOf(o.get("format")) : extension(target);
		List<Object> items = plainRows(rows instanceof LazyPages<?> lazy ? lazy.toList() : rows);
		RenderOptions render = columns(RenderOptions.defaults(), o.get("columns"));
		StringWriter text = new StringWriter();
		if (format.equals("md") || format.equals("markdown")) {
			new MarkdownWriter(render).write(items.iterator(), rowType(items), text);
		}
		else {
			OutputFormat f;
			try {
				f = OutputFormat.parse(format);
			}
			catch (RuntimeException e) {
				throw new UsageException("export() cannot write '" + format + "' (" + target.getFileName()
						+ "): use .sarif, .csv, .json, .jsonl, .yaml or .md, or format: 'csv'.");
			}
			if (f == OutputFormat.TABLE) {
				throw new UsageException("export() writes files: use .sarif, .csv, .json, .jsonl, .yaml or .md.");
			}
			if (f == OutputFormat.SARIF && items.stream().anyMatch(i -> !(i instanceof Finding))) {
				throw new UsageException("SARIF is for findings: export scans or assets as .json, .csv or .md.");
			}
			renderer.render(items.iterator(), rowType(items), f, render, text);
		}
		try {
			AtomicFiles.write(target, text.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UsageException("Cannot write " + target + " (" + e.getMessage() + "). Check the folder exists "
					+ "and is writable.");
		}
		return target.toFile();
	}

	private static RenderOptions columns(RenderOptions options, Object columns) {
		if (columns == null) {
			return options;
		}
		if (columns instanceof Iterable<?> list) {
			List<String> names = new ArrayList<>();
			list.forEach(n -> names.add(String.valueOf(n)));
			return options.withColumns(names);
		}
		return options.withColumns(String.valueOf(columns));
	}

	private static List<Object> plainRows(Object rows) {
		List<Object> out = new ArrayList<>();
		if (rows instanceof Iterable<?> it) {
			it.forEach(r -> out.add(DslArgs.plain(unwrap(r))));
		}
		else if (rows instanceof Iterator<?> it) {
			it.forEachRemaining(r -> out.add(DslArgs.plain(unwrap(r))));
		}
		else if (rows instanceof Object[] array) {
			for (Object r : array) {
				out.add(DslArgs.plain(unwrap(r)));
			}
		}
		else if (rows != null) {
			out.add(DslArgs.plain(unwrap(rows)));
		}
		return out;
	}

	private static Object unwrap(Object row) {
		return row instanceof ScanHandle h ? h.getScan() : row;
	}

	/** The model type when every row is one, so an empty list still gets its columns. */
	@SuppressWarnings("rawtypes")
	private static Class rowType(List<Object> rows) {
		for (Class<?> type : List.of(Finding.class, Scan.class, Asset.class)) {
			if (!rows.isEmpty() && rows.stream().allMatch(type::isInstance)) {
				return type;
			}
		}
		return rows.isEmpty() ? Finding.class : null;
	}

	private static String extension(Path target) {
		String name = target.getFileName().toString();
		int dot = name.lastIndexOf('.');
		if (dot < 0 || dot == name.length() - 1) {
			throw new UsageException("export() takes the format from the file name: '" + name
					+ "' has no extension. Use .sarif, .csv, .json, .jsonl, .yaml or .md, or format: 'csv'.");
		}
		return name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

}
