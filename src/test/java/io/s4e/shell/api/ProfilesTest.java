package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

	@TempDir
	Path dir;

	@Test
	void savedProfileIsPrivateAndRoundTrips() throws Exception {
		Profiles profiles = new Profiles(dir.resolve("cfg/s4e/config"));
		profiles.save(new Profiles.Profile("prod", "https://api.s4e.io", AuthScheme.API_KEY, Secret.of("tok_123456")));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profiles.file()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profiles.file().getParent())))
			.isEqualTo("rwx------");
		Profiles.Profile p = profiles.get("prod").orElseThrow();
		assertThat(p.authScheme()).isEqualTo(AuthScheme.API_KEY);
		assertThat(p.token().reveal()).isEqualTo("tok_123456");
		assertThat(profiles.current()).isEqualTo("prod");
	}

	@Test
	void worldReadableFileIsRefusedWithTheFix() throws Exception {
		Profiles profiles = new Profiles(dir.resolve("config"));
		profiles.save(new Profiles.Profile("default", "https://api.s4e.io", AuthScheme.BEARER, Secret.of("tok_abcdef")));
		Files.setPosixFilePermissions(profiles.file(), PosixFilePermissions.fromString("rw-r--r--"));
		assertThatThrownBy(profiles::list).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("chmod 600 " + profiles.file())
			.satisfies(e -> assertThat(((ConfigurationException) e).exitCode()).isEqualTo(2));
	}

	@Test
	void resolutionOrderEnvironmentThenProfileThenBaseUrlThenSandbox() {
		Profiles profiles = new Profiles(dir.resolve("config"));
		assertThat(profiles.resolve(null, Map.of()).source()).isEqualTo(Profiles.Source.SANDBOX);
		assertThat(profiles.resolve(null, Map.of("S4E_BASE_URL", "http://127.0.0.1:9")).source())
			.isEqualTo(Profiles.Source.BASE_URL_ONLY);
		profiles.save(new Profiles.Profile("default", "https://eu.api.example", AuthScheme.BEARER, Secret.of("tok_prof1")));
		Profiles.Connection fromProfile = profiles.resolve(null, Map.of());
		assertThat(fromProfile.source()).isEqualTo(Profiles.Source.PROFILE);
		assertThat(fromProfile.config().baseUrl().toString()).isEqualTo("https://eu.api.example");
		Profiles.Connection fromEnv = profiles.resolve(null, Map.of("S4E_API_TOKEN", "tok_env99"));
		assertThat(fromEnv.source()).isEqualTo(Profiles.Source.ENVIRONMENT);
		assertThat(fromEnv.config().token().reveal()).isEqualTo("tok_env99");
		assertThat(fromEnv.config().baseUrl().toString()).isEqualTo("https://eu.api.example");
		assertThatThrownBy(() -> profiles.resolve("nope", Map.of())).isInstanceOf(UsageException.class)
			.hasMessageContaining("profile list");
	}

}
