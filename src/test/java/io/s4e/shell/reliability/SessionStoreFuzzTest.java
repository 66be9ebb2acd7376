package io.s4e.shell.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;

/**
 * The session-file loader: whatever is in {@code session.json} (a crash, a hand edit, another version), opening the
 * store gives a state (the file set aside with a warning if unreadable), the next change is saved, and a store
 * opened afterwards reads that change back. No exception escapes.
 */
class SessionStoreFuzzTest {

	private static final Path ROOT = createRoot();

	private static int run;

	@FuzzTest(maxDuration = "60s")
	@Timeout(10)
	void loadThenUpdate(byte[] content) throws IOException {
		Path state = ROOT.resolve("s" + (run++));
		Path file = state.resolve("fuzz/session.json");
		Files.createDirectories(file.getParent());
		Files.write(file, content);
		try {
			SessionStore store = SessionStore.open(state, "fuzz");
			SessionState loaded = store.current();
			assertThat(loaded).isNotNull();
			assertThat(loaded.filters()).isNotNull();
			assertThat(loaded.recentScans()).isNotNull().doesNotContainNull();
			store.loadWarning();
			// Everything commands do with a loaded state must keep working.
			loaded.filters().forEach((k, v) -> assertThat(k).isNotNull());
			SessionState.RecentScan created = new SessionState.RecentScan("sc-fuzz", "a-1", "quick",
					"2026-01-01T00:00:00Z", "shell");
			store.update(s -> s.withRecentScan(created).withLastScanId("sc-fuzz"));
			store.update(s -> s.withFilters(Map.of("scan.status", "running")).withCurrentAssetId("a-1"));

			SessionState reread = SessionStore.open(state, "fuzz").current();
			assertThat(reread.lastScanId()).isEqualTo("sc-fuzz");
			assertThat(reread.currentAssetId()).isEqualTo("a-1");
			assertThat(reread.recentScans()).extracting(SessionState.RecentScan::scanId).contains("sc-fuzz");
			assertThat(reread.filters()).containsEntry("scan.status", "running");
		}
		finally {
			delete(state);
		}
	}

	private static Path createRoot() {
		try {
			Path root = Files.createTempDirectory("s4e-session-fuzz");
			root.toFile().deleteOnExit();
			return root;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
