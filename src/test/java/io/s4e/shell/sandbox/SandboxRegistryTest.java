package io.s4e.shell.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shared sandbox: a second shell connects to the first one's sandbox instead of starting its own, and takes
 * over (on the same state and address) when the first is gone, whether it exits or is killed. The other shell
 * runs in a real second process.
 */
class SandboxRegistryTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	private static ChildJvm shell(Path dir) throws Exception {
		return ChildJvm.start(RegistryOwnerMain.class.getName(), List.of(dir.toString()), Map.of());
	}

	private static String[] announced(ChildJvm child) throws InterruptedException {
		return child.awaitLine(l -> l.startsWith("SANDBOX "), WAIT).split(" ");
	}

	private static void awaitOwned(SandboxHandle handle) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!handle.owned()) {
			assertThat(System.nanoTime()).as("took over within " + WAIT).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@Test
	void handlesInOneProcessShareItsSandbox() throws Exception {
		try (SandboxHandle first = SandboxRegistry.attachOrStart(dir, SandboxConfig.defaults())) {
			assertThat(first.owned()).isTrue();
			assertThat(Files.getPosixFilePermissions(dir.resolve(SandboxRegistry.DESCRIPTOR_FILE)))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
			try (SandboxHandle second = SandboxRegistry.attachOrStart(dir, SandboxConfig.defaults())) {
				assertThat(second.owned()).isFalse();
				assertThat(second.baseUrl()).isEqualTo(first.baseUrl());
				assertThat(second.token()).isEqualTo(first.token());
			}
			// Letting go of a connected handle leaves the sandbox running.
			assertThat(new SandboxTestClient(first.baseUrl(), first.token()).get("/api/scans").status()).isEqualTo(200);
		}
		assertThat(dir.resolve(SandboxRegistry.DESCRIPTOR_FILE)).doesNotExist();
		assertThat(dir.resolve("state-reference.json")).exists();
	}

	@Test
	void aSecondShellConnectsToTheFirstAndTakesOverWhenItIsKilled() throws Exception {
		try (ChildJvm first = shell(dir)) {
			String[] owner = announced(first);
			assertThat(owner[1]).isEqualTo("owned");
			try (SandboxHandle second = SandboxRegistry.attachOrStart(dir, SandboxConfig.defaults())) {
				assertThat(second.owned()).isFalse();
				assertThat(second.baseUrl()).isEqualTo(owner[2]);
				SandboxTestClient api = new SandboxTestClient(second.baseUrl(), second.token());
				SandboxTestClient.Reply created = api.createScan("a-1001", "full", "high");
				assertThat(created.status()).as(created.toString()).isEqualTo(201);
				String scanId = created.body().path("data").path("scan_id").asText();

				first.kill();
				awaitOwned(second);
				assertThat(second.baseUrl()).as("same address, so connected clients keep working").isEqualTo(owner[2]);
				JsonNode scan = api.get("/api/scan/" + scanId).body().path("data");
				assertThat(scan.path("scan_id").asText()).isEqualTo(scanId);
				assertThat(scan.path("status").asText()).isIn("queued", "running");
				JsonNode descriptor = SandboxTestClient.MAPPER.readTree(
						dir.resolve(SandboxRegistry.DESCRIPTOR_FILE).toFile());
				assertThat(descriptor.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
			}
		}
	}

	@Test
	void aConnectedShellTakesOverWhenTheOwnerExitsAndANewShellThenConnectsToIt() throws Exception {
		SandboxHandle owner = SandboxRegistry.attachOrStart(dir, SandboxConfig.defaults());
		String address = owner.baseUrl();
		String scanId = new SandboxTestClient(address, owner.token()).createScan("a-1002", "quick", null).body()
			.path("data").path("scan_id").asText();
		try (ChildJvm second = shell(dir)) {
			assertThat(announced(second)).containsExactly("SANDBOX", "attached", address);
			owner.close();
			// The child now serves the same world at the same address.
			long deadline = System.nanoTime() + WAIT.toNanos();
			SandboxTestClient.Reply reply;
			while (true) {
				reply = tryGet(address, owner.token(), "/api/scan/" + scanId);
				if (reply != null && reply.status() == 200 || System.nanoTime() > deadline) {
					break;
				}
				Thread.sleep(100);
			}
			assertThat(reply).as("the second shell serves the sandbox after the first exited").isNotNull();
			assertThat(reply.body().path("data").path("scan_id").asText()).isEqualTo(scanId);
			try (SandboxHandle third = SandboxRegistry.attachOrStart(dir, SandboxConfig.defaults())) {
				assertThat(third.owned()).isFalse();
				assertThat(third.baseUrl()).isEqualTo(address);
			}
		}
	}

	@Test
	void twoShellsStartedAtOnceShareOneSandbox() throws Exception {
		try (ChildJvm one = shell(dir); ChildJvm two = shell(dir)) {
			String[] a = announced(one);
			String[] b = announced(two);
			assertThat(List.of(a[1], b[1])).containsExactlyInAnyOrder("owned", "attached");
			assertThat(a[2]).isEqualTo(b[2]);
		}
	}

	private static SandboxTestClient.Reply tryGet(String base, String token, String path) {
		try {
			return new SandboxTestClient(base, token).get(path);
		}
		catch (RuntimeException notYet) {
			return null;
		}
	}

}
