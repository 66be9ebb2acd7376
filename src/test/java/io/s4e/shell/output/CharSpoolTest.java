package io.s4e.shell.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * SARIF results are staged as chars: the spool gives back exactly the chars written, across buffer boundaries, and
 * the staging generator writes the text Jackson's UTF-8 generator (which staged them before) writes, decoded.
 */
class CharSpoolTest {

	@TempDir
	Path dir;

	@Test
	void givesBackEveryCharWrittenInOrder() throws IOException {
		Random random = new Random(5);
		StringBuilder expected = new StringBuilder();
		Path file = Files.createTempFile(dir, "spool", ".chars");
		try (CharSpool spool = CharSpool.create(file)) {
			while (expected.length() < 3 * CharSpool.CHUNK_CHARS + 17) {
				String piece = randomText(random, random.nextInt(3) == 0 ? 70_000 : 300);
				switch (random.nextInt(3)) {
					case 0 -> spool.write(piece);
					case 1 -> spool.write(piece.toCharArray(), 0, piece.length());
					default -> piece.chars().forEach(c -> {
						try {
							spool.write(c);
						}
						catch (IOException e) {
							throw new java.io.UncheckedIOException(e);
						}
					});
				}
				expected.append(piece);
			}
		}
		StringBuilder read = new StringBuilder();
		try (CharSpool.Reader reader = CharSpool.open(file)) {
			char[] chunk = new char[CharSpool.CHUNK_CHARS];
			for (int n; (n = reader.read(chunk)) > 0;) {
				read.append(chunk, 0, n);
			}
		}
		assertThat(read.toString()).isEqualTo(expected.toString());
	}

	@Test
	void anEmptySpoolReadsAsTheEnd() throws IOException {
		Path file = Files.createTempFile(dir, "spool", ".chars");
		CharSpool.create(file).close();
		try (CharSpool.Reader reader = CharSpool.open(file)) {
			assertThat(reader.read(new char[16])).isZero();
		}
	}

	@Test
	void stagingGeneratorWritesWhatTheUtf8GeneratorWrites() throws IOException {
		Random random = new Random(9);
		for (int i = 0; i < 2000; i++) {
			long seed = random.nextLong();
			StringWriter chars = new StringWriter();
			try (JsonGenerator gen = ModelJson.surrogateEscapingGenerator(chars)) {
				writeEvents(gen, new Random(seed));
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (JsonGenerator gen = ModelJson.mapper().getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
				gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
				gen.setRootValueSeparator(null);
				writeEvents(gen, new Random(seed));
			}
			assertThat(chars.toString()).isEqualTo(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	private static void writeEvents(JsonGenerator gen, Random r) throws IOException {
		gen.setPrettyPrinter(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter());
		gen.writeStartArray();
		for (int i = r.nextInt(6); i >= 0; i--) {
			gen.writeStartObject();
			gen.writeStringField("text", randomText(r, 40));
			gen.writeNumberField("n", r.nextInt());
			gen.writeNumberField("d", r.nextDouble() * 10);
			gen.writeArrayFieldStart("list");
			gen.writeString(randomText(r, 5));
			gen.writeEndArray();
			gen.writeEndObject();
		}
		gen.writeEndArray();
	}

	/** Text with what server text may hold: controls, C1, bidi, emoji, lone surrogates, non-Latin scripts. */
	private static String randomText(Random r, int length) {
		char[] special = { '\u0000', '\u001b', '\n', '"', '\\', '\u007f', '\u0085', '\u009b', '\u202e', '\u2028',
				'\u00e9', '\u4e2d', '\ud83d', '\ude00', '\ud800', '\udfff', '\ufffd', '/' };
		StringBuilder s = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int kind = r.nextInt(10);
			if (kind == 0) {
				s.append(special[r.nextInt(special.length)]);
			}
			else if (kind == 1) {
				s.appendCodePoint(0x1F300 + r.nextInt(200));
			}
			else {
				s.append((char) (0x20 + r.nextInt(95)));
			}
		}
		return s.toString();
	}

}
