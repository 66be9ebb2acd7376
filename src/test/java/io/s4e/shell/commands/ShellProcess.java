package io.s4e.shell.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import io.s4e.shell.S4eShellApplication;

/**
 * One run of the shell in one-shot mode, as `scripts/s4e COMMAND...` starts it (a fresh Spring context, the
 * one-command runner, exit code from the runner), against the shared sandbox with the state folders under
 * {@code home}. Each run is a restart: nothing but the files under {@code home} carries over.
 */
public final class ShellProcess {

	/** What one run printed and returned. */
	public record Result(int exitCode, String out, String err) {
	}

	private ShellProcess() {
	}

	public static synchronized Result run(Path home, String... args) {
		PrintStream stdout = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		ShellTestSupport.takeErr();
		int code;
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			ConfigurableApplicationContext ctx = new SpringApplicationBuilder(S4eShellApplication.class,
					ShellTestSupport.Beans.class)
				.initializers(c -> c.getBeanFactory().registerSingleton("excludeTestConfigurations",
						new ExcludeTestConfigurations()))
				.properties("s4e.test.home=" + home, "s4e.mode=COMMAND")
				.addCommandLineProperties(false)
				.logStartupInfo(false)
				.run(args);
			code = SpringApplication.exit(ctx);
		}
		finally {
			System.out.flush();
			System.setOut(stdout);
		}
		return new Result(code, captured.toString(StandardCharsets.UTF_8), ShellTestSupport.takeErr());
	}

	/** Other tests' configurations live in the scanned package; a run sees only the one it is given. */
	static final class ExcludeTestConfigurations extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getAnnotationMetadata().isAnnotated(TestConfiguration.class.getName());
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof ExcludeTestConfigurations;
		}

		@Override
		public int hashCode() {
			return ExcludeTestConfigurations.class.hashCode();
		}

	}

}
