package io.s4e.shell.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second "shell" for the registry tests, in its own process: attaches to (or starts) the shared sandbox in the
 * directory given as the first argument, prints {@code SANDBOX owned|attached <base URL>}, and lets go when its
 * standard input ends.
 */
public final class RegistryOwnerMain {

	private RegistryOwnerMain() {
	}

	public static void main(String[] args) throws IOException {
		try (SandboxHandle handle = SandboxRegistry.attachOrStart(Path.of(args[0]), SandboxConfig.defaults())) {
			System.out.println("SANDBOX " + (handle.owned() ? "owned" : "attached") + " " + handle.baseUrl());
			System.out.flush();
			while (System.in.read() >= 0) {
				// runs until the test closes our input
			}
		}
		System.out.println("CLOSED");
		System.out.flush();
	}

}
