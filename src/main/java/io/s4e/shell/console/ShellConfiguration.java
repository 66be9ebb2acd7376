package io.s4e.shell.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jline.reader.LineReader;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.PromptProvider;
import org.springframework.stereotype.Component;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.api.Profiles;
import io.s4e.shell.completion.LiveIdCache;
import io.s4e.shell.completion.LiveIdLoader;
import io.s4e.shell.completion.S4eCommandCompleter;
import io.s4e.shell.completion.ShellCompletionProvider;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.playbook.PlaybookRunner;
import io.s4e.shell.service.AssetService;
import io.s4e.shell.service.FindingService;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;
import io.s4e.shell.session.SessionStore;
import io.s4e.shell.support.AtomicFiles;
import io.s4e.shell.support.XdgDirs;

/** Wires the shell: where state lives, what it talks to, and how it reads, completes and reports. */
@Configuration(proxyBeanMethods = false)
public class ShellConfiguration {

	@Bean
	XdgDirs xdgDirs() {
		return XdgDirs.fromEnvironment();
	}

	@Bean(destroyMethod = "close")
	ConnectionManager connectionManager(XdgDirs dirs, Environment env) {
		return new ConnectionManager(new Profiles(dirs.config().resolve("config")), System.getenv(),
				env.getProperty("s4e.profile"), env.getProperty("s4e.sandbox", Boolean.class, false),
				env.getProperty("s4e.debug", Boolean.class, false), dirs.data().resolve("sandbox"));
	}

	/** The session of whichever profile is current: `profile use` switches sessions too. */
	@Bean
	SessionService sessionService(XdgDirs dirs, ConnectionManager connection) {
		return new SessionService(name -> SessionStore.open(dirs.state(), name), connection::targetName);
	}

	@Bean
	LiveIdCache liveIdCache(ConnectionManager connection) {
		LiveIdCache ids = new LiveIdCache(new LiveIdLoader(connection::client), Duration.ofSeconds(30),
				Duration.ofMillis(250));
		connection.onTargetChange(ids::clear);
		return ids;
	}

	@Bean("s4eCompletion")
	ShellCompletionProvider s4eCompletion(LiveIdCache ids, ConnectionManager connection) {
		return new ShellCompletionProvider(ids, () -> {
			try {
				return connection.profiles().exists()
						? connection.profiles().list().stream().map(Profiles.Profile::name).toList() : List.of();
			}
			catch (RuntimeException e) {
				return List.of();
			}
		});
	}

	/** Replaces the stock registry, which scans the class path for the commands (see {@link ShellCommands}). */
	@Bean
	CommandRegistry commandRegistry(org.springframework.context.ApplicationContext context) {
		return ShellCommands.registry(context);
	}

	/**
	 * Converts option values to parameter types. One for all commands: without it Spring Shell makes one per
	 * command, each after a failed bean lookup.
	 */
	@Bean
	org.springframework.core.convert.support.ConfigurableConversionService commandConversionService() {
		return new org.springframework.core.convert.support.DefaultConversionService();
	}

	/** Spring Shell checks every command's arguments with it (see {@link DeclaredConstraintsValidator}). */
	@Bean
	jakarta.validation.Validator commandValidator() {
		return new DeclaredConstraintsValidator();
	}

	/** Replaces the stock completer, which loses the command once a positional word is typed. */
	@Bean
	@Primary
	S4eCommandCompleter s4eCommandCompleter(CommandRegistry registry) {
		return new S4eCommandCompleter(registry);
	}

	@Bean
	ScanService scanService(ConnectionManager connection, SessionService session, LiveIdCache ids) {
		return new ScanService(connection::client, session, ids);
	}

	@Bean
	AssetService assetService(ConnectionManager connection, SessionService session) {
		return new AssetService(connection::client, session);
	}

	@Bean
	FindingService findingService(ConnectionManager connection, SessionService session, LiveIdCache ids) {
		return new FindingService(connection::client, session, ids);
	}

	@Bean
	ConsoleIO consoleIO() {
		return ConsoleIO.fromEnvironment();
	}

	@Bean
	ErrorReporter errorReporter() {
		return new ErrorReporter();
	}

	@Bean
	@Primary
	S4eCommandParser s4eCommandParser(CommandRegistry registry, ListableBeanFactory beans) {
		return new S4eCommandParser(registry, new PositionalArguments(() -> commandBeans(beans)));
	}

	/** The beans of the command classes, and no other (beans are lazy: this must not create unrelated ones). */
	private static List<Object> commandBeans(ListableBeanFactory beans) {
		String commandsPackage = io.s4e.shell.commands.CommandOutput.class.getPackageName();
		return java.util.Arrays.stream(beans.getBeanNamesForAnnotation(Component.class)).filter(name -> {
			Class<?> type = beans.getType(name, false);
			return type != null && type.getPackageName().equals(commandsPackage);
		}).map(beans::getBean).toList();
	}

	@Bean
	PromptProvider shellPrompt(ConnectionManager connection, SessionService session) {
		return new ShellPrompt(() -> new ShellPrompt.Context(connection.targetName(), session.currentAsset()));
	}

	/** Replaces JLine's default history: same file handling, but lines that look like secrets are not kept. */
	@Bean
	org.jline.reader.History history(XdgDirs dirs) {
		Path file = dirs.state().resolve("history");
		try {
			AtomicFiles.ensurePrivateDirectory(file.getParent());
			if (!Files.exists(file)) {
				Files.createFile(file);
			}
			if (AtomicFiles.isPosix()) {
				Files.setPosixFilePermissions(file, AtomicFiles.OWNER_ONLY_FILE);
			}
		}
		catch (IOException e) {
			// History is a convenience: without a writable file the shell still works.
		}
		return new SecretFilteringHistory(file);
	}

	/**
	 * Always present, so Spring Shell's own runner never starts; without {@code s4e.mode} (set by {@code main}),
	 * e.g. in tests, it does nothing.
	 */
	@Bean
	S4eShellRunner s4eShellRunner(CommandRegistry registry, CommandParser parser, ErrorReporter errors, ConsoleIO io,
			Environment env, ObjectProvider<LineReader> lineReader, ObjectProvider<PromptProvider> prompt,
			ConnectionManager connection, LiveIdCache ids, SessionService session,
			ObjectProvider<PlaybookRunner> playbooks) {
		String modeName = env.getProperty("s4e.mode");
		ShellMode mode = modeName == null ? null : ShellMode.valueOf(modeName);
		return new S4eShellRunner(registry, (S4eCommandParser) parser, errors, io, mode, lineReader, prompt,
				new S4eShellRunner.Lifecycle() {
					@Override
					public String banner() {
						StringBuilder b = new StringBuilder("s4e-shell " + S4eShellApplication.version()
								+ ": talking to " + connection.describe() + ".\nType `help` for commands, TAB to complete, `exit` to leave.");
						return b.toString();
					}

					@Override
					public String startupWarning() {
						return session.loadWarning();
					}

					@Override
					public void onPromptReady() {
						connection.warmUpInBackground();
						ids.warmUp();
						// Interactive only: a one-shot command or a script never pays for the Groovy compiler.
						playbooks.ifAvailable(p -> p.warmUpInBackground(Thread.currentThread()));
					}
				});
	}

}
