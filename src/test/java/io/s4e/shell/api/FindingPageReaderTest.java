package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.model.Finding;
import io.s4e.shell.api.model.Page;

/**
 * The token reader of finding pages gives exactly what the tree decoder gives for the same body, or hands the body
 * back (null) for the general decoder: over every documented envelope and field-name variant, odd value types, and
 * thousands of mutations of real sandbox answers.
 */
class FindingPageReaderTest {

	private static final ObjectMapper MAPPER = new ObjectMapper()
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

	private static final ModelDecoder DECODER = new ModelDecoder(MAPPER);

	private static final FindingPageReader READER = new FindingPageReader(MAPPER, DECODER);

	private static final String FINDING = """
			{"id":"f-1","title":"SQL injection","severity":"critical","cvss":9.8,
			 "cvss_vector":"CVSS:3.1/AV:N","cwe":"CWE-89","status":"open","category":"web_vuln",
			 "asset":{"id":"a-1","name":"shop.example.com","type":"domain","extra":[1,{"x":2}]},"scan_id":"sc-1",
			 "description":"d","remediation":"r","references":["https://a.example/1","https://b.example/2"],
			 "note":null,"discovered_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"}""";

	@ParameterizedTest
	@ValueSource(strings = { "{\"data\":[" + FINDING + "],\"meta\":{\"total\":1,\"page\":1,\"per_page\":100}}",
			"{\"findings\":[" + FINDING + "],\"pagination\":{\"total_count\":1},\"total\":\"1\",\"page\":1}",
			"{\"items\":[" + FINDING + "," + FINDING + "],\"meta\":{\"total\":2.0,\"page\":\"1\",\"total_pages\":1}}",
			"{\"results\":[" + FINDING + "],\"meta\":\"none\",\"total\":3,\"per_page\":1,\"page\":1}",
			"[" + FINDING + "]", "{\"data\":[]}", "{\"findings\":[],\"meta\":{}}",
			// several lists: the first documented key wins, as in the tree decoder, whatever the order in the body
			"{\"results\":[{\"id\":\"r\"}],\"findings\":[{\"id\":\"f\"}],\"data\":[{\"id\":\"d\"}]}",
			"{\"data\":{\"not\":\"a list\"},\"findings\":[{\"id\":\"f\"}]}",
			"{\"data\":[{\"id\":\"first\"}],\"data\":\"later, not a list\",\"items\":[{\"id\":\"i\"}]}",
			// the other field names and odd value types
			"{\"data\":[{\"finding_id\":\"f-2\",\"cvss_score\":\"7.5\",\"notes\":\"n\",\"created_at\":\"c\",\"asset_id\":\"a\"}]}",
			"{\"data\":[{\"id\":42,\"title\":true,\"severity\":1.50,\"cvss\":7,\"cwe\":{\"id\":89},\"status\":[\"open\"],"
					+ "\"asset\":\"a-1\",\"asset_id\":7,\"references\":[\"x\",3,null,{\"url\":\"u\"},{\"id\":1},[\"nested\"]],"
					+ "\"note\":12345678901234567890,\"discovered_at\":null,\"updated_at\":1e3}]}",
			"{\"data\":[{\"id\":\"x\",\"cvss\":\"not a number\",\"cvss_score\":6.1,\"references\":\"one\"}]}",
			"{\"data\":[{\"id\":\"x\",\"cvss\":null,\"cvss_score\":null,\"asset\":null,\"asset_id\":null}]}",
			"{\"data\":[{\"id\":\"x\",\"risk\":{\"a\":[1,2.5,\"s\",null,true]},\"tags\":[\"t\"],\"zero\":null,\"n\":9007199254740993}]}",
			"{\"data\":[{\"id\":\"a\",\"id\":\"b\",\"title\":\"t\",\"title\":null,\"asset\":{\"id\":\"1\"},\"asset\":3,\"x\":1,\"x\":2}]}",
			"{\"data\":[{\"id\":\"x\",\"asset\":{\"id\":\"1\",\"id\":\"2\",\"name\":null,\"type\":{}}}]}",
			"{\"data\":[{\"id\":\"x\",\"data\":\"kept as an unknown field\"}]}",
			"{\"data\":[{\"id\":\"\\u001b[31mred\\u202e\",\"title\":\"caf\\u00e9 \\ud83d\\ude00\"}]}",
			"{\"meta\":{\"total\":1},\"data\":[" + FINDING + "]} trailing text" })
	void everyVariantDecodesAsTheTreeDecoderDoes(String body) throws IOException {
		Page<Finding> streamed = READER.read(body.getBytes(StandardCharsets.UTF_8));
		assertThat(streamed).as("read without a tree").isNotNull();
		assertThat(streamed).isEqualTo(treeDecoded(body.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "null", "42", "\"text\"", "{\"data\":[", "{\"data\":[{\"id\":1}", "{}",
			"{\"meta\":{\"total\":1}}", "{\"data\":\"x\"}", "[1,2]", "{\"data\":[null]}", "{\"data\":[[]]}",
			"{\"findings\":[{\"id\":\"ok\"}],\"items\":[\"not an object\"]}",
			"{\"data\":[{\"data\":{\"id\":\"enveloped\"}}]}", "{\"data\":[{\"id\":\"x\"},]}", "{\"data\":[{'id':1}]}" })
	void shapesItDoesNotHandleGoToTheTreeDecoder(String body) {
		assertThat(READER.read(body.getBytes(StandardCharsets.UTF_8))).isNull();
	}

	@Test
	void mutationsOfRealAnswersDecodeAsTheTreeDecoderDoes() throws Exception {
		List<byte[]> seeds = new ArrayList<>();
		for (Path file : corpus()) {
			seeds.add(Files.readAllBytes(file));
		}
		seeds.add(("{\"data\":[" + FINDING + "," + FINDING + "],\"meta\":{\"total\":2,\"page\":1}}")
			.getBytes(StandardCharsets.UTF_8));
		Random random = new Random(7);
		int streamed = 0;
		int handedBack = 0;
		byte[] alphabet = "{}[]\",:0123456789.-eE \\ntrufalsn".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 6000; i++) {
			byte[] body = seeds.get(random.nextInt(seeds.size())).clone();
			int edits = 1 + random.nextInt(3);
			for (int e = 0; e < edits && body.length > 0; e++) {
				int at = random.nextInt(body.length);
				body[at] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
			}
			Page<Finding> page = READER.read(body);
			if (page == null) {
				handedBack++;
				continue;
			}
			streamed++;
			assertThat(page).as("mutation %d: %s", i, new String(body, StandardCharsets.UTF_8))
				.isEqualTo(treeDecoded(body));
		}
		// Both ways are exercised: most single edits still leave a page to read, some break the JSON.
		assertThat(streamed).isGreaterThan(1000);
		assertThat(handedBack).isGreaterThan(100);
	}

	@Test
	void realAnswersAreReadWithoutATree() throws Exception {
		for (Path file : corpus()) {
			byte[] body = Files.readAllBytes(file);
			JsonNode root = MAPPER.readTree(body);
			if (root.isArray() || root.has("data") && root.get("data").isArray() || root.has("findings")) {
				assertThat(READER.read(body)).as(file.getFileName().toString()).isNotNull().isEqualTo(treeDecoded(body));
			}
		}
	}

	private static Page<Finding> treeDecoded(byte[] body) throws IOException {
		return DECODER.page(MAPPER.readTree(body), DECODER::finding);
	}

	private static List<Path> corpus() throws IOException, URISyntaxException {
		Path dir = Path.of(FindingPageReaderTest.class
			.getResource("/io/s4e/shell/reliability/ModelDecoderFuzzTestInputs/finding")
			.toURI());
		try (Stream<Path> files = Files.list(dir)) {
			return files.sorted().toList();
		}
	}

}
