package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.api.UsageException;
import io.s4e.shell.commands.OptionValues;

/**
 * The {@code --option key=value} parser: whatever is typed, the result is a map that serialises to JSON (it becomes
 * the create body) or a {@link UsageException}; never another exception.
 */
class OptionValuesFuzzTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@FuzzTest(maxDuration = "30s")
	void scanOptions(FuzzedDataProvider data) throws Exception {
		String joined = data.consumeRemainingAsString();
		Map<String, Object> options;
		try {
			options = OptionValues.scanOptions(joined);
		}
		catch (UsageException expected) {
			assertThat(expected.getMessage()).isNotBlank();
			return;
		}
		for (Map.Entry<String, Object> e : options.entrySet()) {
			assertThat(e.getKey()).matches("[A-Za-z][A-Za-z0-9_.-]{0,63}");
			assertThat(e.getValue()).isNotNull();
		}
		JSON.readTree(JSON.writeValueAsString(options));
	}

	@FuzzTest(maxDuration = "30s")
	void pairs(FuzzedDataProvider data) {
		int n = data.consumeInt(0, 8);
		List<String> items = new java.util.ArrayList<>();
		for (int i = 0; i < n; i++) {
			items.add(data.consumeString(80));
		}
		try {
			Map<String, String> out = OptionValues.pairs(items, "filter set");
			assertThat(out.size()).isLessThanOrEqualTo(items.size());
		}
		catch (UsageException expected) {
			assertThat(expected.getMessage()).isNotBlank();
		}
	}

}
