package io.s4e.shell.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;

import io.s4e.shell.api.model.AssetRef;
import io.s4e.shell.api.model.Finding;

/**
 * A finding written straight from its fields is the same JSON, byte for byte, as its tree written: pretty and
 * compact, with any field absent, with odd text, and with extra fields (including ones named like known fields).
 */
class ModelJsonRowTest {

	private static final String[] TEXTS = { null, "", "plain", "caf\u00e9 \ud83d\ude00", "\u001b[31mred\u202e\u0085",
			"line\nbreak \"quoted\" \\ back", "=1+1" };

	@Test
	void findingsWrittenFromFieldsMatchTheirTrees() throws IOException {
		Random random = new Random(11);
		for (int i = 0; i < 3000; i++) {
			Finding f = randomFinding(random);
			for (boolean pretty : new boolean[] { true, false }) {
				assertThat(written(f, pretty, true)).as("finding %d: %s", i, f).isEqualTo(written(f, pretty, false));
			}
		}
	}

	@Test
	void otherRowsAreWrittenAsTheirTrees() throws IOException {
		for (Object row : new Object[] { null, Map.of("a", 1), List.of("x", 2), "text", 3.5 }) {
			assertThat(written(row, true, true)).isEqualTo(written(row, true, false));
		}
	}

	private static String written(Object row, boolean pretty, boolean direct) throws IOException {
		StringWriter out = new StringWriter();
		try (JsonGenerator gen = ModelJson.generator(out, pretty)) {
			gen.writeStartArray();
			if (direct) {
				ModelJson.writeRow(gen, row);
			}
			else {
				gen.writeTree(ModelJson.tree(row));
			}
			gen.writeEndArray();
		}
		return out.toString();
	}

	private static Finding randomFinding(Random r) {
		AssetRef asset = r.nextInt(4) == 0 ? null : new AssetRef(text(r), text(r), text(r));
		List<String> refs = new ArrayList<>();
		for (int i = r.nextInt(3); i > 0; i--) {
			refs.add(TEXTS[1 + r.nextInt(TEXTS.length - 1)]);
		}
		Map<String, Object> extra = new LinkedHashMap<>();
		String[] names = { "id", "title", "cvss", "asset", "references", "note", "updated_at", "risk", "tags", "zero" };
		for (int i = r.nextInt(4); i > 0; i--) {
			String name = names[r.nextInt(names.length)];
			Object value = switch (r.nextInt(5)) {
				case 0 -> null;
				case 1 -> text(r);
				case 2 -> r.nextInt(1000);
				case 3 -> List.of(1, "two", 3.0);
				default -> {
					Map<String, Object> nested = new LinkedHashMap<>();
					nested.put("a", null);
					nested.put("b", List.of(true));
					yield nested;
				}
			};
			extra.put(name, value);
		}
		Double cvss = switch (r.nextInt(4)) {
			case 0 -> null;
			case 1 -> 9.8;
			case 2 -> 10.0;
			default -> r.nextDouble() * 10;
		};
		return new Finding(text(r), text(r), text(r), cvss, text(r), text(r), text(r), text(r), asset, text(r),
				text(r), text(r), refs, text(r), text(r), text(r), extra);
	}

	private static String text(Random r) {
		return TEXTS[r.nextInt(TEXTS.length)];
	}

}
