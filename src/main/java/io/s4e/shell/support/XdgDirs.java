package io.s4e.shell.support;

import java.nio.file.Path;
import java.util.Map;

/** The XDG base folders, with their documented fallbacks, under an {@code s4e} folder of each. */
public record XdgDirs(Path config, Path state, Path data) {

	public static XdgDirs fromEnvironment() {
		return from(System.getenv(), System.getProperty("user.home"));
	}

	public static XdgDirs from(Map<String, String> env, String home) {
		return new XdgDirs(base(env, "XDG_CONFIG_HOME", home, ".config"), base(env, "XDG_STATE_HOME", home,
				".local/state"), base(env, "XDG_DATA_HOME", home, ".local/share"));
	}

	private static Path base(Map<String, String> env, String variable, String home, String fallback) {
		String value = env.get(variable);
		// The spec says relative values are invalid and must be ignored.
		Path root = value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value)
				: Path.of(home, fallback);
		return root.resolve("s4e");
	}

}
