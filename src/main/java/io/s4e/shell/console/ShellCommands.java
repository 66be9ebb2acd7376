package io.s4e.shell.console;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.annotation.support.CommandFactoryBean;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.util.ReflectionUtils;

import io.s4e.shell.S4eShellApplication;

/**
 * Fills the command registry from the shell's own beans. Spring Shell's default registry finds the annotated
 * commands by scanning every class file under the application's package at each start, a seventh of the time to
 * the prompt; the bean factory already knows those classes. What is registered is the same: every
 * {@code Command} bean, every {@code @Command} method of the application's beans, and {@code quit}.
 * <p>
 * Spring Shell's own {@code quit} lives in a class whose initialiser bootstraps Hibernate Validator, so the shell
 * registers its twin instead; the runner ends the session on {@code quit} and {@code exit} before any command runs.
 */
public final class ShellCommands {

	private ShellCommands() {
	}

	public static CommandRegistry registry(ApplicationContext context) {
		CommandRegistry registry = new CommandRegistry();
		context.getBeansOfType(Command.class).values().forEach(registry::registerCommand);
		for (Method method : annotatedMethods(context)) {
			CommandFactoryBean factory = new CommandFactoryBean(method);
			factory.setApplicationContext(context);
			registry.registerCommand(factory.getObject());
		}
		registry.registerCommand(new QuitCommand());
		return registry;
	}

	/** The {@code @Command} methods of the beans whose classes are the application's own. */
	static List<Method> annotatedMethods(ApplicationContext context) {
		String applicationPackage = S4eShellApplication.class.getPackageName() + ".";
		Set<Class<?>> types = new LinkedHashSet<>();
		for (String name : context.getBeanDefinitionNames()) {
			// false: finding a type must not create a factory bean's product early.
			Class<?> type = context.getType(name, false);
			if (type != null && type.getName().startsWith(applicationPackage)) {
				types.add(type);
			}
		}
		List<Method> methods = new ArrayList<>();
		for (Class<?> type : types) {
			methods.addAll(MethodIntrospector.selectMethods(type, (ReflectionUtils.MethodFilter) method -> AnnotatedElementUtils
				.hasAnnotation(method, org.springframework.shell.core.command.annotation.Command.class)));
		}
		return methods;
	}

	/** {@code quit} (alias {@code exit}) as Spring Shell lists it: help and completion show it. */
	static final class QuitCommand extends AbstractCommand {

		QuitCommand() {
			super("quit", "Exit the shell", "Built-In Commands");
		}

		@Override
		public List<String> getAliases() {
			return List.of("exit");
		}

		@Override
		public ExitStatus doExecute(CommandContext context) {
			return ExitStatus.OK;
		}

	}

}
