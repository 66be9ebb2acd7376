package io.s4e.shell.playbook;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The playbook runner as a bean: the `run` and `groovy` commands use it, and the prompt warms it up. */
@Configuration(proxyBeanMethods = false)
public class PlaybookConfiguration {

	/** Playbook paths are relative to the directory the shell was started in. */
	@Bean
	PlaybookRunner playbookRunner() {
		return new PlaybookRunner(Path.of("").toAbsolutePath());
	}

}
