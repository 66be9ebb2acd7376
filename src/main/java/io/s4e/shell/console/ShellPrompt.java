package io.s4e.shell.console;

import java.util.function.Supplier;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.springframework.shell.jline.PromptProvider;

/** The prompt shows where commands go and the current asset: {@code s4e:sandbox a-1001>}. */
public class ShellPrompt implements PromptProvider {

	/** What the prompt shows; read on every prompt so that `use` and `profile use` take effect at once. */
	public record Context(String target, String asset) {
	}

	private final Supplier<Context> context;

	public ShellPrompt(Supplier<Context> context) {
		this.context = context;
	}

	@Override
	public AttributedString getPrompt() {
		Context c = context.get();
		AttributedStringBuilder b = new AttributedStringBuilder();
		b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN).bold()).append("s4e");
		b.style(AttributedStyle.DEFAULT).append(":");
		b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)).append(c.target());
		if (c.asset() != null) {
			b.style(AttributedStyle.DEFAULT).append(" ");
			b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append(c.asset());
		}
		b.style(AttributedStyle.DEFAULT).append("> ");
		return b.toAttributedString();
	}

}
