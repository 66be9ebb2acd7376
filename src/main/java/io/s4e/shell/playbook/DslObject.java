package io.s4e.shell.playbook;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;

import groovy.lang.GroovyObject;
import groovy.lang.MetaClass;
import groovy.lang.MissingPropertyException;
import groovy.lang.ReadOnlyPropertyException;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Base of the objects a playbook sees. Groovy reads even private fields of Java objects as properties; these
 * objects hold the shell's services (and through them the client), so property access is limited to their public
 * getters: {@code s4e.client} or {@code s4e.properties} is refused instead of walking into the client's
 * configuration. A guard rail for the user's own trusted code, not a sandbox.
 */
public abstract class DslObject implements GroovyObject {

	private transient MetaClass metaClass;

	/** The name a playbook knows this object by, for messages, e.g. {@code s4e}. */
	protected abstract String dslName();

	@Override
	public Object getProperty(String name) {
		if (hasPublicGetter(name)) {
			return getMetaClass().getProperty(this, name);
		}
		throw new MissingPropertyException(dslName() + " has no property '" + name + "'. " + dslName()
				+ " offers: " + offers() + ".", name, getClass());
	}

	@Override
	public void setProperty(String name, Object value) {
		throw new ReadOnlyPropertyException(name, getClass());
	}

	@Override
	public Object invokeMethod(String name, Object args) {
		return getMetaClass().invokeMethod(this, name, args);
	}

	@Override
	public MetaClass getMetaClass() {
		if (metaClass == null) {
			metaClass = InvokerHelper.getMetaClass(getClass());
		}
		return metaClass;
	}

	@Override
	public void setMetaClass(MetaClass metaClass) {
		throw new UnsupportedOperationException(dslName() + " cannot be changed.");
	}

	/** What the object offers, listed in the refusal: its public methods, not inherited ones. */
	protected String offers() {
		java.util.TreeSet<String> names = new java.util.TreeSet<>();
		for (Method m : getClass().getDeclaredMethods()) {
			if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.getName().equals("toString")
					&& !m.getName().equals("getProperty") && !m.getName().equals("setProperty")
					&& !m.getName().equals("invokeMethod")) {
				names.add(propertyName(m.getName()));
			}
		}
		return String.join(", ", names);
	}

	private boolean hasPublicGetter(String name) {
		if (name == null || name.isEmpty()) {
			return false;
		}
		String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
		for (Method m : getClass().getMethods()) {
			if (m.getParameterCount() == 0 && Modifier.isPublic(m.getModifiers())
					&& m.getDeclaringClass() != Object.class && !m.getName().equals("getMetaClass")
					&& (m.getName().equals("get" + cap) || m.getName().equals("is" + cap)
							&& (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class))) {
				return true;
			}
		}
		return false;
	}

	private static String propertyName(String method) {
		if (method.startsWith("get") && method.length() > 3) {
			return method.substring(3, 4).toLowerCase(Locale.ROOT) + method.substring(4);
		}
		if (method.startsWith("is") && method.length() > 2 && Character.isUpperCase(method.charAt(2))) {
			return method.substring(2, 3).toLowerCase(Locale.ROOT) + method.substring(3);
		}
		return method + "()";
	}

}
