package io.s4e.shell.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.shell.jline.PromptProvider;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.AuthScheme;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.api.Secret;
import io.s4e.shell.commands.ShellTestSupport;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.support.XdgDirs;

/** Session state is per profile: `profile use` switches to that profile's session and back. */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ShellTestSupport.Beans.class)
class ProfileSessionTest {

	static Path home;

	@DynamicPropertySource
	static void ownStateFolder(DynamicPropertyRegistry registry) throws IOException {
		home = Files.createTempDirectory("s4e-shell-profiles");
		registry.add("s4e.test.home", home::toString);
	}

	@Autowired
	ShellTestClient shell;

	@Autowired
	SessionService session;

	@Autowired
	ConnectionManager connection;

	@Autowired
	PromptProvider prompt;

	@Autowired
	XdgDirs dirs;

	@Test
	void eachProfileHasItsOwnSession() throws Exception {
		Secret token = Secret.of(ShellTestSupport.SANDBOX.token());
		String url = ShellTestSupport.SANDBOX.baseUrl();
		connection.profiles().save(new Profiles.Profile("sandbox", url, AuthScheme.BEARER, token));
		connection.profiles().save(new Profiles.Profile("work", url, AuthScheme.BEARER, token));

		shell.sendCommand("use asset a-1003");
		assertThat(prompt.getPrompt().toString()).isEqualTo("s4e:sandbox a-1003> ");

		shell.sendCommand("profile use work");
		assertThat(session.currentAsset()).as("a fresh session for work").isNull();
		assertThat(prompt.getPrompt().toString()).isEqualTo("s4e:work> ");
		shell.sendCommand("use asset a-1008");
		assertThat(new ObjectMapper().readTree(dirs.state().resolve("work/session.json").toFile())
			.path("current_asset_id").asText()).isEqualTo("a-1008");

		shell.sendCommand("profile use sandbox");
		assertThat(session.currentAsset()).isEqualTo("a-1003");
		assertThat(prompt.getPrompt().toString()).isEqualTo("s4e:sandbox a-1003> ");
		shell.sendCommand("profile use work");
		assertThat(session.currentAsset()).isEqualTo("a-1008");
	}

}
