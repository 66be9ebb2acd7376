package io.s4e.shell.console;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.util.ClassUtils;

/**
 * Which commands take positional words: those whose method has an {@link Arguments} parameter. Spring Shell
 * drops the words a command does not take without a word, so {@code scan create --type quick a-1} would ignore
 * {@code a-1}; the parser asks this to refuse them instead. Read from the command classes the first time a line
 * has positional words, so start-up pays nothing.
 */
public final class PositionalArguments {

	/** For parsers without command classes to read (tests): every command takes words. */
	public static final PositionalArguments ANY = new PositionalArguments(null);

	private final Supplier<Collection<Object>> commandBeans;

	private volatile Map<String, Boolean> byName;

	/** @param commandBeans the beans that declare commands with {@link Command} methods */
	public PositionalArguments(Supplier<Collection<Object>> commandBeans) {
		this.commandBeans = commandBeans;
	}

	/** True when the command takes positional words, or when it is not one of the annotated commands. */
	public boolean accepts(String commandName) {
		if (commandBeans == null) {
			return true;
		}
		Map<String, Boolean> names = byName;
		if (names == null) {
			names = read();
			byName = names;
		}
		return names.getOrDefault(commandName, true);
	}

	private Map<String, Boolean> read() {
		Map<String, Boolean> names = new HashMap<>();
		for (Object bean : commandBeans.get()) {
			for (Method method : ClassUtils.getUserClass(bean).getMethods()) {
				Command command = method.getAnnotation(Command.class);
				if (command == null) {
					continue;
				}
				boolean takesWords = false;
				for (Parameter p : method.getParameters()) {
					takesWords |= p.isAnnotationPresent(Arguments.class);
				}
				String name = command.name().length > 0 ? String.join(" ", command.name()) : command.value();
				names.put(name, takesWords);
				for (String alias : command.alias()) {
					names.put(alias, takesWords);
				}
			}
		}
		return Map.copyOf(names);
	}

}
