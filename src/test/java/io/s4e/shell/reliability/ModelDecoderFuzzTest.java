package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.ModelDecoder;
import io.s4e.shell.api.model.Asset;
import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;
import io.s4e.shell.api.model.Scan;
import io.s4e.shell.output.OutputFormat;
import io.s4e.shell.output.RenderOptions;
import io.s4e.shell.output.Renderer;

/**
 * Response decoding of every model, in both dialects (the corpus holds real sandbox answers of the reference and
 * the guide dialect): any body is either not JSON (the client's MalformedResponse), an
 * {@link IllegalArgumentException} naming the shape it expected (also MalformedResponse), or a model that every
 * renderer can print. Nothing else may escape.
 */
class ModelDecoderFuzzTest {

	/** Configured as {@code S4eClient} configures its own. */
	private static final ObjectMapper MAPPER = new ObjectMapper()
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

	private static final ModelDecoder DECODER = new ModelDecoder(MAPPER);

	private static final Renderer RENDERER = new Renderer();

	private static final ObjectMapper JSON = new ObjectMapper();

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void scan(byte[] body) {
		decodeAndRender(body, DECODER::scan, Scan.class);
	}

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void asset(byte[] body) {
		decodeAndRender(body, DECODER::asset, Asset.class);
	}

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void finding(byte[] body) {
		decodeAndRender(body, DECODER::finding, Finding.class);
	}

	private static <T> void decodeAndRender(byte[] bytes, Function<JsonNode, T> one, Class<T> type) {
		JsonNode root = parse(bytes);
		if (root == null) {
			return;
		}
		try {
			T item = one.apply(root);
			assertThat(item).isNotNull();
			renderOne(item);
		}
		catch (IllegalArgumentException expectedShapeError) {
			assertThat(expectedShapeError.getMessage()).startsWith("expected");
		}
		try {
			Page<T> page = DECODER.page(root, one);
			assertThat(page.items()).doesNotContainNull();
			renderRows(page.items(), type);
		}
		catch (IllegalArgumentException expectedShapeError) {
			assertThat(expectedShapeError.getMessage()).startsWith("expected");
		}
	}

	/** As the client reads a body: not JSON, or empty, ends there (typed MalformedResponse). */
	private static JsonNode parse(byte[] bytes) {
		try {
			JsonNode root = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
			return root == null || root.isMissingNode() ? null : root;
		}
		catch (IOException notJson) {
			return null;
		}
	}

	private static void renderOne(Object item) {
		for (OutputFormat format : formatsFor(item.getClass())) {
			String text = render(format, out -> RENDERER.renderOne(item, format, options(format), out));
			check(format, text);
		}
	}

	private static <T> void renderRows(List<T> rows, Class<T> type) {
		for (OutputFormat format : formatsFor(type)) {
			String text = render(format, out -> RENDERER.render(rows.iterator(), type, format, options(format), out));
			check(format, text);
		}
	}

	private static List<OutputFormat> formatsFor(Class<?> type) {
		return type == Finding.class ? List.of(OutputFormat.values())
				: List.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.CSV,
						OutputFormat.YAML);
	}

	private static RenderOptions options(OutputFormat format) {
		return format == OutputFormat.TABLE ? RenderOptions.defaults().withTerminalWidth(80).withColor(true)
				: RenderOptions.defaults();
	}

	private static String render(OutputFormat format, java.util.function.Consumer<StringWriter> action) {
		StringWriter out = new StringWriter();
		action.accept(out);
		return out.toString();
	}

	/** Machine formats parse back; tables carry no control character but the renderer's own colours. */
	private static void check(OutputFormat format, String text) {
		try {
			switch (format) {
				case JSON, SARIF -> JSON.readTree(text);
				case JSONL -> {
					for (String line : text.split("\n")) {
						if (!line.isEmpty()) {
							JSON.readTree(line);
						}
					}
				}
				case TABLE -> assertThat(HostileText.withoutSgr(text)).doesNotContainPattern("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]");
				default -> {
				}
			}
		}
		catch (IOException e) {
			throw new AssertionError(format + " output does not parse: " + e.getMessage() + "\n" + text, e);
		}
	}

}
