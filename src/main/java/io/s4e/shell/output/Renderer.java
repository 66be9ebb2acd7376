package io.s4e.shell.output;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.s4e.shell.api.model.Page;

/**
 * Renders models (or any value) in an {@link OutputFormat}: the one entry point for shell commands and playbooks.
 * <p>
 * Lists may be given as an {@link Iterator} or {@link Stream} and are then rendered as they are read: JSON (an array
 * written element by element), JSONL, CSV, YAML and SARIF never hold all rows; tables hold at most
 * {@link RenderOptions#tableBufferRows()} rows. With {@code --jq}, JSONL applies the expression to each row as it
 * streams; the other formats apply it to the whole JSON document (the array), which then has to be built in memory.
 * <p>
 * Errors the user can fix (unknown column, bad jq, format not applicable) are {@link OutputException}s with a
 * one-line message; failures of the writer surface as {@link UncheckedIOException}.
 *
 * <pre>{@code
 * Renderer renderer = new Renderer();
 * RenderOptions options = RenderOptions.forTerminal(120, true, System.getenv()).withColumns("id,title,severity");
 * renderer.render(findingsIterator, Finding.class, OutputFormat.TABLE, options, writer);
 * renderer.render(scan, OutputFormat.JSON, RenderOptions.defaults(), writer);       // one object
 * String yaml = renderer.renderToString(assets, OutputFormat.YAML, RenderOptions.defaults());
 * }</pre>
 */
public final class Renderer {

	/**
	 * The YAML and CSV mappers, built on first use: a renderer is made when the shell starts, and building them
	 * there (Jackson's databind and SnakeYAML) would delay the prompt for output formats most runs never use.
	 */
	private static final class Mappers {

		static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
			.disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
			.disable(YAMLGenerator.Feature.SPLIT_LINES)
			.build()).build();

		/** jq may yield several documents; YAML separates them with {@code ---}. */
		static final YAMLMapper YAML_DOCUMENTS = YAMLMapper.builder(YAMLFactory.builder()
			.enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
			.disable(YAMLGenerator.Feature.SPLIT_LINES)
			.build()).build();

		static final CsvMapper CSV = new CsvMapper();

	}

	private final Path sarifTempDir;

	public Renderer() {
		this(null);
	}

	/** @param sarifTempDir where SARIF output stages its results; {@code null} for the system temporary directory */
	public Renderer(Path sarifTempDir) {
		this.sarifTempDir = sarifTempDir;
	}

	/**
	 * Renders a value: a {@link Page}, {@link Iterable}, {@link Iterator}, {@link Stream} or array as rows (a
	 * stream is closed afterwards); anything else (a scan, finding, asset, map, record) as one object.
	 */
	public void render(Object value, OutputFormat format, RenderOptions options, Writer out) {
		if (value instanceof Page<?> page) {
			render(page.items().iterator(), null, format, options, out);
		}
		else if (value instanceof Iterable<?> rows) {
			render(rows.iterator(), null, format, options, out);
		}
		else if (value instanceof Iterator<?> rows) {
			render(rows, null, format, options, out);
		}
		else if (value instanceof Stream<?> rows) {
			render(rows, null, format, options, out);
		}
		else if (value instanceof Object[] rows) {
			render(Arrays.asList(rows).iterator(), null, format, options, out);
		}
		else {
			renderOne(value, format, options, out);
		}
	}

	/**
	 * Renders rows as they are read from the iterator.
	 *
	 * @param rowType the element type, which picks table and CSV columns even when there are no rows; {@code null}
	 * to take it from the first row
	 */
	public <T> void render(Iterator<? extends T> rows, Class<T> rowType, OutputFormat format, RenderOptions options,
			Writer out) {
		try {
			renderRows(new Peeking<>(rows), rowType, format, options, out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Renders the stream's elements as they come and closes the stream. Formats other than the table read the
	 * stream on a second thread ({@link ReadAhead}): the next page is fetched while this one is written. What is
	 * written then reaches {@code out} whenever the next row is not there yet, instead of after every row.
	 */
	public <T> void render(Stream<? extends T> rows, Class<T> rowType, OutputFormat format, RenderOptions options,
			Writer out) {
		try (rows) {
			if (format == OutputFormat.TABLE) {
				render(rows.iterator(), rowType, format, options, out);
				return;
			}
			PassOn deferred = new PassOn(out, false);
			try (ReadAhead<T> ahead = new ReadAhead<>(rows.iterator(), deferred::flushNow)) {
				render(ahead, rowType, format, options, deferred);
			}
			finally {
				deferred.flushNow();
			}
		}
	}

	/** Renders one object: its detail view as TABLE, a single JSON object, one CSV row, a one-result SARIF log. */
	public void renderOne(Object item, OutputFormat format, RenderOptions options, Writer out) {
		try {
			renderSingle(item, format, options, out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** {@link #render(Object, OutputFormat, RenderOptions, Writer)} into a string, e.g. for playbooks. */
	public String renderToString(Object value, OutputFormat format, RenderOptions options) {
		StringWriter out = new StringWriter();
		render(value, format, options, out);
		return out.toString();
	}

	private <T> void renderRows(Peeking<? extends T> rows, Class<T> rowType, OutputFormat format,
			RenderOptions options, Writer out) throws IOException {
		if (options.jq() != null) {
			jqRows(rows, format, options, out);
			return;
		}
		switch (format) {
			case JSON -> jsonArray(rows, out);
			case JSONL -> jsonLines(rows, out);
			case YAML -> yamlSequence(rows, out);
			case CSV -> csv(rows, catalogue(rowType, rows), options, out);
			case TABLE -> {
				ModelFields.Catalogue catalogue = catalogue(rowType, rows);
				if (catalogue == null) {
					out.write(TableWriter.EMPTY_MESSAGE + "\n");
				}
				else {
					List<Field> fields = catalogue.forTable(options.columns());
					new TableWriter(fields, options, out).write(new Adapting(rows, catalogue));
				}
			}
			case SARIF -> new SarifWriter(options, sarifTempDir).write(rows, out);
		}
		out.flush();
	}

	private void renderSingle(Object item, OutputFormat format, RenderOptions options, Writer out)
			throws IOException {
		if (options.jq() != null) {
			writeJqResults(JqFilter.compile(options.jq()), ModelJson.tree(item), format, out);
			out.flush();
			return;
		}
		switch (format) {
			case JSON -> {
				try (JsonGenerator gen = ModelJson.generator(out, true)) {
					gen.writeTree(ModelJson.tree(item));
					gen.writeRaw('\n');
				}
			}
			case JSONL -> {
				try (JsonGenerator gen = ModelJson.generator(out, false)) {
					gen.writeTree(ModelJson.tree(item));
					gen.writeRaw('\n');
				}
			}
			case YAML -> Mappers.YAML.writeValue(nonClosing(out), ModelJson.tree(item));
			case CSV -> {
				Peeking<Object> one = new Peeking<>(rowsOf(item));
				csv(one, catalogue(item == null ? null : item.getClass(), one), options, out);
			}
			case TABLE -> {
				if (item == null) {
					out.write(TableWriter.EMPTY_MESSAGE + "\n");
				}
				else {
					new DetailWriter(options, out).write(item);
				}
			}
			case SARIF -> new SarifWriter(options, sarifTempDir).write(rowsOf(item), out);
		}
		out.flush();
	}

	private static Iterator<Object> rowsOf(Object item) {
		return item == null ? Collections.emptyIterator() : List.of(item).iterator();
	}

	private static void jsonArray(Iterator<?> rows, Writer out) throws IOException {
		try (JsonGenerator gen = ModelJson.generator(out, true)) {
			gen.writeStartArray();
			while (rows.hasNext()) {
				ModelJson.writeRow(gen, rows.next());
				// Rows often arrive page by page from the server: show each as soon as it is known.
				gen.flush();
			}
			gen.writeEndArray();
			gen.writeRaw('\n');
		}
	}

	private static void jsonLines(Iterator<?> rows, Writer out) throws IOException {
		try (JsonGenerator gen = ModelJson.generator(out, false)) {
			while (rows.hasNext()) {
				ModelJson.writeRow(gen, rows.next());
				gen.writeRaw('\n');
				gen.flush();
			}
		}
	}

	private static void yamlSequence(Iterator<?> rows, Writer out) throws IOException {
		try (JsonGenerator gen = Mappers.YAML.getFactory().createGenerator(nonClosing(out))) {
			gen.writeStartArray();
			while (rows.hasNext()) {
				gen.writeTree(ModelJson.tree(rows.next()));
				gen.flush();
			}
			gen.writeEndArray();
		}
	}

	private static void csv(Iterator<?> rows, ModelFields.Catalogue catalogue, RenderOptions options, Writer out)
			throws IOException {
		List<Field> fields = catalogue == null ? List.of() : catalogue.forCsv(options.columns());
		if (fields.isEmpty()) {
			return; // nothing to describe: no rows and no known type
		}
		CsvSchema.Builder schema = CsvSchema.builder();
		fields.forEach(f -> schema.addColumn(f.csvName()));
		try (CsvGenerator gen = (CsvGenerator) Mappers.CSV.getFactory().createGenerator(nonClosing(out))) {
			gen.setSchema(schema.build().withoutHeader().withLineSeparator("\n"));
			String[] header = fields.stream().map(f -> CsvText.safeCell(f.csvName())).toArray(String[]::new);
			writeCsvRow(gen, header);
			Iterator<?> adapted = new Adapting(rows, catalogue);
			while (adapted.hasNext()) {
				Object row = adapted.next();
				String[] cells = new String[fields.size()];
				for (int i = 0; i < cells.length; i++) {
					cells[i] = CsvText.safeCell(fields.get(i).value().apply(row));
				}
				writeCsvRow(gen, cells);
				gen.flush();
			}
		}
	}

	private static void writeCsvRow(CsvGenerator gen, String[] cells) throws IOException {
		gen.writeStartArray();
		for (String cell : cells) {
			gen.writeString(cell);
		}
		gen.writeEndArray();
	}

	private static void jqRows(Iterator<?> rows, OutputFormat format, RenderOptions options, Writer out)
			throws IOException {
		JqFilter filter = JqFilter.compile(options.jq());
		if (format == OutputFormat.JSONL) {
			// Like jq over a stream of documents: the expression sees one row at a time.
			try (JsonGenerator gen = ModelJson.generator(out, false)) {
				while (rows.hasNext()) {
					for (JsonNode result : filter.apply(ModelJson.tree(rows.next()))) {
						gen.writeTree(result);
						gen.writeRaw('\n');
					}
					gen.flush();
				}
			}
			return;
		}
		ArrayNode all = JsonNodeFactory.instance.arrayNode();
		rows.forEachRemaining(row -> all.add(ModelJson.tree(row)));
		writeJqResults(filter, all, format, out);
	}

	/** jq results are JSON values: pretty JSON for json and table, one line each for jsonl, YAML documents. */
	private static void writeJqResults(JqFilter filter, JsonNode input, OutputFormat format, Writer out)
			throws IOException {
		switch (format) {
			case CSV, SARIF -> throw new OutputException(
					"--jq cannot be combined with -o " + format.wireName() + "; use json, jsonl or yaml");
			case YAML -> {
				for (JsonNode result : filter.apply(input)) {
					Mappers.YAML_DOCUMENTS.writeValue(nonClosing(out), result);
				}
			}
			default -> {
				boolean pretty = format != OutputFormat.JSONL;
				try (JsonGenerator gen = ModelJson.generator(out, pretty)) {
					for (JsonNode result : filter.apply(input)) {
						gen.writeTree(result);
						gen.writeRaw('\n');
					}
				}
			}
		}
		out.flush();
	}

	/**
	 * The rows' catalogue: from the declared type, else the first row's type, else the first row's JSON fields;
	 * {@code null} when there are no rows and the type is not a model (nothing to show as columns).
	 */
	private static ModelFields.Catalogue catalogue(Class<?> rowType, Peeking<?> rows) {
		ModelFields.Catalogue known = ModelFields.of(rowType);
		if (known != null) {
			return known;
		}
		Object first = rows.peekNonNull();
		if (first == null) {
			return null;
		}
		known = ModelFields.of(first.getClass());
		return known != null ? known : ModelFields.generic(ModelJson.tree(first));
	}

	/** Jackson's YAML and CSV writers close their target when done; the caller owns {@code out}. */
	private static Writer nonClosing(Writer out) {
		return new PassOn(out, true);
	}

	/**
	 * Passes writes on to a writer the caller owns, never closing it. With {@code flushes} false, flushing happens
	 * only when told ({@link #flushNow()}): the writers' flush after each row becomes a no-op.
	 */
	private static final class PassOn extends Writer {

		private final Writer out;

		private final boolean flushes;

		PassOn(Writer out, boolean flushes) {
			this.out = out;
			this.flushes = flushes;
		}

		@Override
		public void write(char[] buf, int off, int len) throws IOException {
			out.write(buf, off, len);
		}

		@Override
		public void write(String str, int off, int len) throws IOException {
			out.write(str, off, len);
		}

		@Override
		public void write(int c) throws IOException {
			out.write(c);
		}

		@Override
		public void flush() throws IOException {
			if (flushes) {
				out.flush();
			}
		}

		@Override
		public void close() throws IOException {
			flush();
		}

		void flushNow() {
			try {
				out.flush();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

	}

	/** An iterator that can show its next element without consuming it. */
	private static final class Peeking<T> implements Iterator<T> {

		private final Iterator<? extends T> source;

		private boolean peeked;

		private T next;

		Peeking(Iterator<? extends T> source) {
			this.source = source;
		}

		/** The first non-null element without consuming it (nulls before it are dropped), or null at the end. */
		T peekNonNull() {
			while (!(peeked && next != null)) {
				if (peeked) {
					peeked = false; // a null: drop it, as every row writer skips nulls anyway
				}
				if (!source.hasNext()) {
					return null;
				}
				next = source.next();
				peeked = true;
			}
			return next;
		}

		@Override
		public boolean hasNext() {
			return peeked || source.hasNext();
		}

		@Override
		public T next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			T value = peeked ? next : source.next();
			peeked = false;
			next = null;
			return value;
		}

	}

	/**
	 * Rows as the catalogue's fields read them (models as they are, other values as JSON trees); null rows are
	 * skipped, a row of another model type is refused with a clear message.
	 */
	private static final class Adapting implements Iterator<Object> {

		private final Iterator<?> rows;

		private final ModelFields.Catalogue catalogue;

		private Object pending;

		Adapting(Iterator<?> rows, ModelFields.Catalogue catalogue) {
			this.rows = rows;
			this.catalogue = catalogue;
		}

		@Override
		public boolean hasNext() {
			while (pending == null && rows.hasNext()) {
				pending = rows.next();
			}
			return pending != null;
		}

		@Override
		public Object next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Object row = pending;
			pending = null;
			return catalogue.adapt(row);
		}

	}

}
