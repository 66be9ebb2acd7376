package io.s4e.shell.console;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.BeanDescriptor;

import io.s4e.shell.support.Lazy;

/**
 * Bean Validation for command methods, paid for only by a method that declares a constraint. Spring Shell
 * validates the arguments of every annotated command before running it; the shell's commands check their input
 * in the parser instead (one line naming the option), so almost every call would bootstrap Hibernate Validator, a
 * few hundred classes and about a tenth of the start-up, to find nothing. Here a method with no constraint
 * annotation (on itself, its parameters, their type arguments, or the methods it overrides) and no {@link Valid}
 * has nothing to violate; any other call goes to the standard validator, built on first use.
 */
public final class DeclaredConstraintsValidator implements Validator, ExecutableValidator {

	private final Lazy<Validator> standard;

	private final Map<Method, Boolean> constrained = new ConcurrentHashMap<>();

	public DeclaredConstraintsValidator() {
		this(() -> Validation.buildDefaultValidatorFactory().getValidator());
	}

	DeclaredConstraintsValidator(Supplier<Validator> standard) {
		this.standard = Lazy.of(standard);
	}

	/** Whether the standard validator has been built (it is only when a call needs it). */
	boolean built() {
		return standard.ifMade() != null;
	}

	private Validator standard() {
		return standard.get();
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateParameters(T object, Method method, Object[] parameterValues,
			Class<?>... groups) {
		return declaresConstraints(method)
				? standard().forExecutables().validateParameters(object, method, parameterValues, groups) : Set.of();
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateReturnValue(T object, Method method, Object returnValue,
			Class<?>... groups) {
		return declaresConstraints(method)
				? standard().forExecutables().validateReturnValue(object, method, returnValue, groups) : Set.of();
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateConstructorParameters(Constructor<? extends T> constructor,
			Object[] parameterValues, Class<?>... groups) {
		return standard().forExecutables().validateConstructorParameters(constructor, parameterValues, groups);
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateConstructorReturnValue(Constructor<? extends T> constructor,
			T createdObject, Class<?>... groups) {
		return standard().forExecutables().validateConstructorReturnValue(constructor, createdObject, groups);
	}

	@Override
	public ExecutableValidator forExecutables() {
		return this;
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validate(T object, Class<?>... groups) {
		return standard().validate(object, groups);
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateProperty(T object, String propertyName, Class<?>... groups) {
		return standard().validateProperty(object, propertyName, groups);
	}

	@Override
	public <T> Set<ConstraintViolation<T>> validateValue(Class<T> beanType, String propertyName, Object value,
			Class<?>... groups) {
		return standard().validateValue(beanType, propertyName, value, groups);
	}

	@Override
	public BeanDescriptor getConstraintsForClass(Class<?> clazz) {
		return standard().getConstraintsForClass(clazz);
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		return standard().unwrap(type);
	}

	boolean declaresConstraints(Method method) {
		return constrained.computeIfAbsent(method, DeclaredConstraintsValidator::declaresConstraintsUncached);
	}

	private static boolean declaresConstraintsUncached(Method method) {
		// Bean Validation takes a method's parameter and return-value constraints from the methods it overrides.
		for (Class<?> type : typesOf(method.getDeclaringClass())) {
			try {
				Method m = type == method.getDeclaringClass() ? method
						: type.getDeclaredMethod(method.getName(), method.getParameterTypes());
				if (annotated(m)) {
					return true;
				}
			}
			catch (NoSuchMethodException e) {
				// Not declared on this type.
			}
		}
		return false;
	}

	private static Set<Class<?>> typesOf(Class<?> type) {
		Set<Class<?>> types = new java.util.LinkedHashSet<>();
		collect(type, types);
		return types;
	}

	private static void collect(Class<?> type, Set<Class<?>> into) {
		if (type == null || type == Object.class || !into.add(type)) {
			return;
		}
		collect(type.getSuperclass(), into);
		for (Class<?> i : type.getInterfaces()) {
			collect(i, into);
		}
	}

	private static boolean annotated(Method m) {
		if (anyConstraint(m.getAnnotations()) || anyConstraint(m.getAnnotatedReturnType())) {
			return true;
		}
		for (Annotation[] parameter : m.getParameterAnnotations()) {
			if (anyConstraint(parameter)) {
				return true;
			}
		}
		for (AnnotatedType type : m.getAnnotatedParameterTypes()) {
			if (anyConstraint(type)) {
				return true;
			}
		}
		return false;
	}

	/** Type-use constraints, including those on type arguments such as {@code List<@NotBlank String>}. */
	private static boolean anyConstraint(AnnotatedType type) {
		if (type == null) {
			return false;
		}
		if (anyConstraint(type.getAnnotations())) {
			return true;
		}
		if (type instanceof AnnotatedParameterizedType p) {
			for (AnnotatedType argument : p.getAnnotatedActualTypeArguments()) {
				if (anyConstraint(argument)) {
					return true;
				}
			}
		}
		else if (type instanceof AnnotatedArrayType a) {
			return anyConstraint(a.getAnnotatedGenericComponentType());
		}
		else if (type instanceof AnnotatedWildcardType w) {
			for (AnnotatedType bound : w.getAnnotatedUpperBounds()) {
				if (anyConstraint(bound)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean anyConstraint(Annotation[] annotations) {
		for (Annotation a : annotations) {
			if (isConstraint(a.annotationType()) || isConstraintList(a)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isConstraint(Class<? extends Annotation> type) {
		return type == Valid.class || type.isAnnotationPresent(Constraint.class);
	}

	/** A repeated constraint, e.g. two {@code @Pattern}s, arrives wrapped in its {@code List} container. */
	private static boolean isConstraintList(Annotation a) {
		try {
			Method value = a.annotationType().getDeclaredMethod("value");
			Class<?> returned = value.getReturnType();
			return returned.isArray() && returned.getComponentType().isAnnotation()
					&& isConstraint(returned.getComponentType().asSubclass(Annotation.class));
		}
		catch (NoSuchMethodException e) {
			return false;
		}
	}

}
