package io.s4e.shell.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.s4e.shell.session.SessionState;
import io.s4e.shell.session.SessionStore;
import io.s4e.shell.support.AtomicFiles;

/**
 * Child process of {@link CrashSafetyTest}: writes the session (a created scan per update) and a counter file as
 * fast as it can, printing {@code ack ...} only after each write returned, until it is killed.
 */
public final class SessionWriterMain {

	private SessionWriterMain() {
	}

	public static void main(String[] args) throws Exception {
		Path stateDir = Path.of(args[0]);
		String prefix = args[1];
		// Warm up on a scratch store, so that the kills land in the writes rather than in class loading.
		SessionStore.open(stateDir.resolve("warm-up"), prefix).update(s -> s.withLastScanId("warm"));
		SessionStore store = SessionStore.open(stateDir, "crash");
		store.current();
		System.out.println("ready");
		System.out.flush();
		for (int i = 1;; i++) {
			String id = prefix + "-" + i;
			String at = java.time.Instant.now().toString();
			store.update(s -> s.withRecentScan(new SessionState.RecentScan(id, "a-1001", "quick", at, "shell"))
				.withLastScanId(id));
			System.out.println("ack scan " + id);
			AtomicFiles.write(stateDir.resolve("counter.json"),
					("{\"writer\":\"" + prefix + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
			System.out.println("ack counter " + i);
			System.out.flush();
		}
	}

}
