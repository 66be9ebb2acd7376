package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A large world (the export benchmark's) pages completely, and a change between pages is seen at once. */
class BulkFindingListingTest {

	@TempDir
	Path dir;

	@Test
	void aBulkStatePagesThroughEveryFindingOnceAndSeesATriageMadeMidway() throws Exception {
		Path state = dir.resolve("state.json");
		int total = BulkSandboxState.write(state, 5, 1200);
		try (SandboxServer server = SandboxServer.start(SandboxConfig.builder()
			.stateFile(state)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.build())) {
			SandboxTestClient api = new SandboxTestClient(server.baseUrl(), server.token());
			assertThat(api.get("/api/assets?per_page=100").body().path("meta").path("total").asInt())
				.isGreaterThanOrEqualTo(35);
			Set<String> seen = new HashSet<>();
			String lastOpenOnPageTwo = null;
			int pages = (total + 99) / 100;
			for (int page = 1; page <= pages; page++) {
				JsonNode body = api.get("/api/findings?status=open&per_page=100&page=" + page).body();
				for (JsonNode f : body.path("data")) {
					seen.add(f.path("id").asText());
					if (page == 2) {
						lastOpenOnPageTwo = f.path("id").asText();
					}
				}
			}
			int open = api.get("/api/findings?status=open&per_page=1").body().path("meta").path("total").asInt();
			assertThat(seen).hasSize(open);
			assertThat(open).isGreaterThan(1200);

			// The same query after a triage: the listing is not served from before the change.
			assertThat(api.patch("/api/findings/" + lastOpenOnPageTwo, "{\"status\":\"confirmed\"}").status())
				.isEqualTo(200);
			assertThat(api.get("/api/findings?status=open&per_page=1").body().path("meta").path("total").asInt())
				.isEqualTo(open - 1);
			JsonNode pageTwo = api.get("/api/findings?status=open&per_page=100&page=2").body();
			assertThat(pageTwo.path("data").findValuesAsText("id")).doesNotContain(lastOpenOnPageTwo);
		}
	}

}
