package io.s4e.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs `scripts/e2e-tmux` on the packaged jar (failsafe, after `package`): the real shell in a real terminal. Its
 * checks are the script's; this fails when any of them does. Without tmux the test is skipped on a workstation
 * and fails under CI, where `.ci/run` installs tmux first.
 */
class E2eTmuxIT {

	static boolean onPath(String program) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	@Test
	void theRealJarInARealTerminal() throws Exception {
		boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
		if (!onPath("tmux")) {
			assertThat(ci).as("tmux is required under CI=true (`.ci/run` installs it)").isFalse();
			Assumptions.abort("tmux is not installed; the terminal end-to-end check was not run");
		}
		Path root = Path.of("").toAbsolutePath();
		Path jar = root.resolve("target/s4e-shell.jar");
		assertThat(jar).as("packaged jar").exists();
		Path log = Files.createTempFile("e2e-tmux", ".log");
		ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/e2e-tmux").toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		pb.environment().put("S4E_JAR", jar.toString());
		Process p = pb.start();
		boolean ended = p.waitFor(6, TimeUnit.MINUTES);
		if (!ended) {
			p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(ended).as("e2e-tmux finished within 6 minutes").isTrue();
		assertThat(output).contains("ok   - ").doesNotContain("FAIL - ");
		assertThat(p.exitValue()).as(output).isZero();
	}

}
