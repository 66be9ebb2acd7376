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
			metaClass = new PublicOnly(InvokerHelper.getMetaClass(getClass()), this);
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
		return hasPublicGetter(getClass(), name);
	}

	private static boolean hasPublicGetter(Class<?> type, String name) {
		if (name == null || name.isEmpty()) {
			return false;
		}
		String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
		for (Method m : type.getMethods()) {
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


	/**
	 * The metaclass every call on a DSL object goes through. Groovy calls package-private and private methods and
	 * reads private fields as readily as public ones, so {@code s4e.services()} or
	 * {@code s4e.metaClass.getAttribute(s4e, 'services')} would lead to the shell's services and from there to the
	 * client and its token. Here only public methods (and Groovy's own, such as {@code each} or {@code with}) are
	 * called, and only public getters read; the metaclass does not hand out the one it wraps.
	 */
	static final class PublicOnly extends groovy.lang.DelegatingMetaClass {

		private final Class<?> type;

		private final DslObject owner;

		PublicOnly(MetaClass delegate, DslObject owner) {
			super(delegate);
			this.type = owner.getClass();
			this.owner = owner;
		}

		/** A method only the class itself may call: declared non-public and not also public under that name. */
		private boolean hidden(String name) {
			boolean publicOne = java.util.Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(name));
			if (publicOne) {
				return false;
			}
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Method m : c.getDeclaredMethods()) {
					if (m.getName().equals(name)) {
						return true;
					}
				}
			}
			return false;
		}

		private void checkMethod(String name) {
			if (name != null && hidden(name)) {
				throw new groovy.lang.MissingMethodException(name, type, new Object[0]) {
					private static final long serialVersionUID = 1L;

					@Override
					public String getMessage() {
						return owner.dslName() + " has no method '" + name + "'. " + owner.dslName() + " offers: "
								+ owner.offers() + ".";
					}
				};
			}
		}

		private void checkProperty(String name) {
			if (!hasPublicGetter(type, name)) {
				throw new MissingPropertyException(owner.dslName() + " has no property '" + name + "'. "
						+ owner.dslName() + " offers: " + owner.offers() + ".", name, type);
			}
		}

		@Override
		public Object invokeMethod(Object object, String methodName, Object[] arguments) {
			checkMethod(methodName);
			return super.invokeMethod(object, methodName, arguments);
		}

		@Override
		public Object invokeMethod(Object object, String methodName, Object arguments) {
			checkMethod(methodName);
			return super.invokeMethod(object, methodName, arguments);
		}

		@Override
		public Object invokeMethod(Class sender, Object receiver, String methodName, Object[] arguments,
				boolean isCallToSuper, boolean fromInsideClass) {
			checkMethod(methodName);
			return super.invokeMethod(sender, receiver, methodName, arguments, isCallToSuper, fromInsideClass);
		}

		@Override
		public groovy.lang.MetaMethod getMetaMethod(String name, Object[] args) {
			return hidden(name) ? null : super.getMetaMethod(name, args);
		}

		@Override
		public groovy.lang.MetaMethod pickMethod(String methodName, Class[] arguments) {
			return hidden(methodName) ? null : super.pickMethod(methodName, arguments);
		}

		@Override
		public java.util.List<groovy.lang.MetaMethod> respondsTo(Object obj, String name) {
			return hidden(name) ? java.util.List.of() : super.respondsTo(obj, name);
		}

		@Override
		public java.util.List<groovy.lang.MetaMethod> respondsTo(Object obj, String name, Object[] argTypes) {
			return hidden(name) ? java.util.List.of() : super.respondsTo(obj, name, argTypes);
		}

		@Override
		public java.util.List<groovy.lang.MetaMethod> getMethods() {
			return super.getMethods().stream().filter(m -> !hidden(m.getName())).toList();
		}

		@Override
		public java.util.List<groovy.lang.MetaMethod> getMetaMethods() {
			return super.getMetaMethods().stream().filter(m -> !hidden(m.getName())).toList();
		}

		@Override
		public Object getProperty(Object object, String property) {
			checkProperty(property);
			return super.getProperty(object, property);
		}

		@Override
		public Object getProperty(Class sender, Object receiver, String messageName, boolean useSuper,
				boolean fromInsideClass) {
			checkProperty(messageName);
			return super.getProperty(sender, receiver, messageName, useSuper, fromInsideClass);
		}

		@Override
		public groovy.lang.MetaProperty getMetaProperty(String name) {
			return hasPublicGetter(type, name) ? super.getMetaProperty(name) : null;
		}

		@Override
		public java.util.List<groovy.lang.MetaProperty> getProperties() {
			return super.getProperties().stream().filter(p -> hasPublicGetter(type, p.getName())).toList();
		}

		@Override
		public Object getAttribute(Object object, String attribute) {
			throw new MissingPropertyException(owner.dslName() + " has no field access; use its properties.",
					attribute, type);
		}

		@Override
		public Object getAttribute(Class sender, Object receiver, String messageName, boolean useSuper) {
			return getAttribute(receiver, messageName);
		}

		@Override
		public void setAttribute(Object object, String attribute, Object newValue) {
			throw new ReadOnlyPropertyException(attribute, type);
		}

		@Override
		public void setAttribute(Class sender, Object receiver, String messageName, Object messageValue,
				boolean useSuper, boolean fromInsideClass) {
			throw new ReadOnlyPropertyException(messageName, type);
		}

		@Override
		public void setProperty(Object object, String property, Object newValue) {
			throw new ReadOnlyPropertyException(property, type);
		}

		@Override
		public void setProperty(Class sender, Object receiver, String messageName, Object messageValue,
				boolean useSuper, boolean fromInsideClass) {
			throw new ReadOnlyPropertyException(messageName, type);
		}

		@Override
		public MetaClass getAdaptee() {
			return this;
		}

		@Override
		public void setAdaptee(MetaClass adaptee) {
			throw new UnsupportedOperationException(owner.dslName() + " cannot be changed.");
		}

	}
}
