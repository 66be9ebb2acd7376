package io.s4e.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.support.AnsiOutputApplicationListener;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.core.env.ConfigurableEnvironment;

import io.s4e.shell.console.ShellLogging;
import io.s4e.shell.console.ShellMode;

/**
 * Entry point. Global flags are read here, before Spring starts, so that {@code --version} and the standalone
 * {@code sandbox} answer without paying for the shell's start-up. The mode (interactive, one command, or a script
 * on stdin) is chosen from the arguments and whether stdin is a terminal.
 */
@SpringBootApplication
public class S4eShellApplication {

	public static void main(String[] args) {
		List<String> rest = new ArrayList<>();
		Map<String, Object> props = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			if (rest.isEmpty() && (a.equals("--version") || a.equals("-V"))) {
				System.out.println("s4e-shell " + version());
				return;
			}
			if (rest.isEmpty() && a.equals("sandbox")) {
				io.s4e.shell.sandbox.SandboxMain.main(java.util.Arrays.copyOfRange(args, i + 1, args.length));
				return;
			}
			if (rest.isEmpty() && a.equals("--sandbox")) {
				props.put("s4e.sandbox", "true");
			}
			else if (rest.isEmpty() && a.equals("--debug")) {
				props.put("s4e.debug", "true");
			}
			else if (rest.isEmpty() && (a.equals("--profile") || a.startsWith("--profile="))) {
				String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
				props.put("s4e.profile", value);
			}
			else {
				rest.add(a);
			}
		}
		// Logging is java.util.logging, set up by ShellLogging when first used (-Djava.util.logging.config.file
		// replaces it). JBoss Logging (Hibernate Validator's, if a command ever needs it) goes there directly.
		if (System.getProperty("java.util.logging.config.file") == null) {
			System.getProperties().putIfAbsent("java.util.logging.config.class", ShellLogging.class.getName());
		}
		System.getProperties().putIfAbsent("org.jboss.logging.provider", "jdk");
		// Only the built-in settings: an application.properties in the working directory is not the shell's. They
		// are read here and given as defaults (system properties and the environment still override them), so
		// Boot's config-data machinery, a sixth of the start-up, is left out (see startupListeners).
		builtInSettings().forEach((key, value) -> props.putIfAbsent((String) key, value));
		ShellMode mode = !rest.isEmpty() ? ShellMode.COMMAND : stdinIsTerminal() ? ShellMode.INTERACTIVE : ShellMode.BATCH;
		props.put("s4e.mode", mode.name());
		SpringApplication app = new ShellApplication(S4eShellApplication.class);
		app.setDefaultProperties(props);
		// Command arguments such as --status=running are options of our commands, not Spring properties.
		app.setAddCommandLineProperties(false);
		app.setLogStartupInfo(false);
		app.setListeners(startupListeners(app.getListeners()));
		StartupReport report = StartupReport.fromProperty(app);
		ConfigurableApplicationContext context;
		try {
			context = app.run(rest.toArray(String[]::new));
		}
		catch (SpringApplication.AbandonedRunException e) {
			// The build's AOT processing stops the run once the context is prepared: not a failure.
			throw e;
		}
		catch (RuntimeException e) {
			// One line, as for any other error, instead of Spring's start-up report.
			io.s4e.shell.console.ErrorReporter.Report failure = new io.s4e.shell.console.ErrorReporter()
				.startupFailure(e);
			System.err.println("error: " + failure.line());
			System.exit(failure.exitCode());
			return;
		}
		if (report != null) {
			report.print(System.err);
		}
		System.exit(SpringApplication.exit(context));
	}

	/**
	 * Boot's listeners less three the shell has no use for, whose property binding was a third of the start-up:
	 * the environment post-processors (with the settings given as defaults there is nothing for them to do:
	 * config-data locations and profiles, {@code SPRING_APPLICATION_JSON}, random values, Cloud Foundry), the
	 * logging system (logging is set up by {@link ShellLogging} instead), and ANSI output for
	 * Boot's banner and log colours (the banner is off, log lines are plain).
	 */
	static List<ApplicationListener<?>> startupListeners(Set<ApplicationListener<?>> listeners) {
		return listeners.stream()
			.filter(l -> !(l instanceof EnvironmentPostProcessorApplicationListener
					|| l instanceof LoggingApplicationListener || l instanceof AnsiOutputApplicationListener))
			.toList();
	}

	/** The shell's own {@code application.properties}. */
	public static Properties builtInSettings() {
		Properties settings = new Properties();
		try (InputStream in = S4eShellApplication.class.getResourceAsStream("/application.properties")) {
			if (in != null) {
				settings.load(in);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the built-in settings: " + e.getMessage(), e);
		}
		return settings;
	}

	/** The launcher passes what `[ -t 0 ]` said; without it, a console means a terminal. */
	static boolean stdinIsTerminal() {
		String fromLauncher = System.getProperty("s4e.stdin.tty");
		if (fromLauncher != null) {
			return Boolean.parseBoolean(fromLauncher);
		}
		return System.console() != null;
	}

	public static String version() {
		try (InputStream in = S4eShellApplication.class.getResourceAsStream("/s4e-version.properties")) {
			Properties p = new Properties();
			if (in != null) {
				p.load(in);
			}
			return p.getProperty("version", "unknown");
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	/**
	 * Registers the application class with an annotation reader only. Boot's default loader also builds XML and
	 * Groovy bean-definition readers; with Groovy on the class path (for playbooks) the latter boots Groovy's
	 * meta-class registry, a tenth of the start-up, for bean definitions this shell never has.
	 */
	static final class ShellApplication extends SpringApplication {

		ShellApplication(Class<?>... primarySources) {
			super(primarySources);
			setBannerMode(Banner.Mode.OFF);
			setWebApplicationType(WebApplicationType.NONE);
			setLazyInitialization(true);
		}

		/**
		 * The application's settings are the ones above, in code: binding {@code spring.main.*} from the
		 * environment instead costs the start-up a first run of Boot's binder.
		 */
		@Override
		protected void bindToSpringApplication(ConfigurableEnvironment environment) {
		}

		@Override
		protected void load(ApplicationContext context, Object[] sources) {
			AnnotatedBeanDefinitionReader reader = new AnnotatedBeanDefinitionReader((BeanDefinitionRegistry) context,
					context.getEnvironment());
			for (Object source : sources) {
				reader.register((Class<?>) source);
			}
		}

	}

}
