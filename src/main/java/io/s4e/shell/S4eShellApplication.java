package io.s4e.shell;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point: interactive when started without arguments, one-shot otherwise. */
@SpringBootApplication
public class S4eShellApplication {

	public static void main(String[] args) {
		SpringApplication app = new SpringApplication(S4eShellApplication.class);
		Map<String, Object> defaults = new HashMap<>();
		// Spring Shell 4 does not pick non-interactive mode from the arguments by itself.
		defaults.put("spring.shell.interactive.enabled", args.length == 0);
		app.setDefaultProperties(defaults);
		System.exit(SpringApplication.exit(app.run(args)));
	}

}
