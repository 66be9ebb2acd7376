package io.s4e.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The validator Spring Shell checks command arguments with: a method that declares no constraint costs nothing
 * (the standard validator is not even built), and one that does is validated as Bean Validation says, wherever
 * the constraint sits.
 */
class DeclaredConstraintsValidatorTest {

	private final AtomicInteger builds = new AtomicInteger();

	private final DeclaredConstraintsValidator validator = new DeclaredConstraintsValidator(() -> {
		builds.incrementAndGet();
		return Validation.buildDefaultValidatorFactory().getValidator();
	});

	static class Commands {

		public void plain(String asset, boolean all, int limit) {
		}

		public void ranged(@Min(1) @Max(100) int perPage) {
		}

		public void typeArgument(List<@NotBlank String> tags) {
		}

		public void repeated(@Pattern(regexp = "a.*") @Pattern(regexp = ".*z") String word) {
		}

		public void cascaded(@Valid Query query) {
		}

	}

	interface Declared {

		void inherited(@Min(5) int n);

	}

	static class Implementation implements Declared {

		@Override
		public void inherited(int n) {
		}

	}

	record Query(@NotBlank String text) {
	}

	private Method method(Class<?> type, String name) {
		for (Method m : type.getDeclaredMethods()) {
			if (m.getName().equals(name)) {
				return m;
			}
		}
		throw new AssertionError(name);
	}

	private java.util.Set<ConstraintViolation<Object>> validate(Object target, String name, Object... args) {
		return validator.forExecutables().validateParameters(target, method(target.getClass(), name), args);
	}

	@Test
	void aMethodWithoutConstraintsIsNotValidatedAndTheValidatorNeverBuilt() {
		assertThat(validate(new Commands(), "plain", null, false, 0)).isEmpty();
		assertThat(validator.declaresConstraints(method(Commands.class, "plain"))).isFalse();
		assertThat(validator.built()).isFalse();
		assertThat(builds).hasValue(0);
	}

	@Test
	void constraintsAreValidatedWhereverTheySit() {
		Commands c = new Commands();
		assertThat(validate(c, "ranged", 0)).extracting(ConstraintViolation::getMessage).hasSize(1);
		assertThat(validate(c, "ranged", 50)).isEmpty();
		assertThat(validate(c, "typeArgument", List.of("web", " "))).hasSize(1);
		assertThat(validate(c, "repeated", "abc")).hasSize(1);
		assertThat(validate(c, "repeated", "abz")).isEmpty();
		assertThat(validate(c, "cascaded", new Query(""))).hasSize(1);
		assertThat(validator.forExecutables()
			.validateParameters(new Implementation(), method(Implementation.class, "inherited"), new Object[] { 1 }))
			.as("a constraint declared on the interface method").hasSize(1);
		assertThat(builds).as("built once, on first need").hasValue(1);
	}

}
