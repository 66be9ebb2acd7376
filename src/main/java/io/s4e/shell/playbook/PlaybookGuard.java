package io.s4e.shell.playbook;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compile-time guard rails, reported like syntax errors ({@code file:line:column}): no {@code System.exit} or
 * {@code Runtime.halt} (they would end the whole shell; {@code exit(n)} ends the playbook), no {@code .@field}
 * access (it reaches past the DSL into the shell's internals), no {@code reveal()} (the API token's plain
 * value). Playbooks are the user's own trusted code: this catches mistakes, it is not a sandbox.
 */
final class PlaybookGuard extends CompilationCustomizer {

	PlaybookGuard() {
		super(CompilePhase.CANONICALIZATION);
	}

	@Override
	public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
		new ClassCodeVisitorSupport() {

			@Override
			protected SourceUnit getSourceUnit() {
				return source;
			}

			@Override
			public void visitMethodCallExpression(MethodCallExpression call) {
				String method = call.getMethodAsString();
				if (method != null) {
					check(method, call.getObjectExpression(), call);
				}
				super.visitMethodCallExpression(call);
			}

			@Override
			public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
				checkOwner(call.getMethod(), call.getOwnerType(), call);
				super.visitStaticMethodCallExpression(call);
			}

			@Override
			public void visitAttributeExpression(AttributeExpression expression) {
				refuse(expression, "direct field access (.@) is not available in playbooks; use the DSL's "
						+ "properties and methods");
				super.visitAttributeExpression(expression);
			}

			private void check(String method, Expression receiver, ASTNode node) {
				if (method.equals("reveal")) {
					refuse(node, "the API token is not available to playbooks");
				}
				if (receiver instanceof ClassExpression owner) {
					checkOwner(method, owner.getType(), node);
				}
				if (receiver instanceof MethodCallExpression inner && "getRuntime".equals(inner.getMethodAsString())
						&& (method.equals("exit") || method.equals("halt"))) {
					refuse(node, "Runtime." + method + "() would end the whole shell; use exit(n) to end the playbook");
				}
			}

			private void checkOwner(String method, ClassNode owner, ASTNode node) {
				String type = owner == null ? "" : owner.getName();
				if ((type.equals("java.lang.System") || type.equals("java.lang.Runtime"))
						&& (method.equals("exit") || method.equals("halt"))) {
					refuse(node, owner.getNameWithoutPackage() + "." + method
							+ "() would end the whole shell; use exit(n) to end the playbook");
				}
			}

			private void refuse(ASTNode node, String message) {
				source.getErrorCollector()
					.addErrorAndContinue(new SyntaxErrorMessage(new SyntaxException(message, node), source));
			}

		}.visitClass(classNode);
	}

}
