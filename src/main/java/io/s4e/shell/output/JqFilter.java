package io.s4e.shell.output;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** A compiled {@code --jq} expression (jq 1.6 dialect, via jackson-jq). */
public final class JqFilter {

	private final String expression;

	private final JsonQuery query;

	private JqFilter(String expression, JsonQuery query) {
		this.expression = expression;
		this.query = query;
	}

	/**
	 * Compiles the expression.
	 *
	 * @throws OutputException with a one-line message when it does not compile
	 */
	public static JqFilter compile(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new OutputException("empty jq expression");
		}
		try {
			return new JqFilter(expression, JsonQuery.compile(expression, Versions.JQ_1_6));
		}
		catch (JsonQueryException | RuntimeException e) {
			throw new OutputException("invalid jq expression '" + oneLine(expression, 60) + "': " + reason(e), e);
		}
	}

	public String expression() {
		return expression;
	}

	/**
	 * Runs the expression on {@code input}, passing each result to {@code results} as it is produced.
	 *
	 * @throws OutputException with a one-line message when evaluation fails (e.g. indexing a string)
	 */
	public void apply(JsonNode input, Consumer<JsonNode> results) {
		try {
			query.apply(Scope.newChildScope(RootScope.INSTANCE), input, results::accept);
		}
		catch (JsonQueryException | RuntimeException e) {
			if (e instanceof OutputException oe) {
				throw oe;
			}
			throw new OutputException("jq error in '" + oneLine(expression, 60) + "': " + reason(e), e);
		}
	}

	/** All results of {@link #apply(JsonNode, Consumer)} in order. */
	public List<JsonNode> apply(JsonNode input) {
		List<JsonNode> results = new ArrayList<>();
		apply(input, results::add);
		return results;
	}

	private static String reason(Exception e) {
		String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
		return oneLine(message, 200);
	}

	private static String oneLine(String text, int max) {
		String flat = TerminalText.safe(text).replaceAll("\\s+", " ").trim();
		return TerminalText.truncate(flat, max);
	}

	/** Loading the builtin functions parses jq sources; done once, on first use. */
	private static final class RootScope {

		static final Scope INSTANCE = create();

		private static Scope create() {
			Scope scope = Scope.newEmptyScope();
			BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
			return scope;
		}

	}

}
