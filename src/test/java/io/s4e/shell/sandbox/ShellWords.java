package io.s4e.shell.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one documented shell command into words the way a POSIX shell does for the forms the documentation uses:
 * backslash-newline continuations, single and double quotes, and {@code $NAME} expansion. An unquoted {@code |}
 * ends the command (what follows only formats the output).
 */
final class ShellWords {

	private ShellWords() {
	}

	static List<String> split(String text, Map<String, String> env) {
		List<String> words = new ArrayList<>();
		StringBuilder word = null;
		int i = 0;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
				i += 2;
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\n') {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
				i++;
				continue;
			}
			if (c == '|') {
				break;
			}
			if (word == null) {
				word = new StringBuilder();
			}
			if (c == '\'') {
				int end = text.indexOf('\'', i + 1);
				if (end < 0) {
					throw new IllegalArgumentException("unterminated single quote in: " + text);
				}
				word.append(text, i + 1, end);
				i = end + 1;
			}
			else if (c == '"') {
				i++;
				while (i < n && text.charAt(i) != '"') {
					char d = text.charAt(i);
					if (d == '\\' && i + 1 < n && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
						word.append(text.charAt(i + 1));
						i += 2;
					}
					else if (d == '$') {
						i = expand(text, i, word, env);
					}
					else {
						word.append(d);
						i++;
					}
				}
				if (i >= n) {
					throw new IllegalArgumentException("unterminated double quote in: " + text);
				}
				i++;
			}
			else if (c == '$') {
				i = expand(text, i, word, env);
			}
			else if (c == '\\' && i + 1 < n) {
				word.append(text.charAt(i + 1));
				i += 2;
			}
			else {
				word.append(c);
				i++;
			}
		}
		if (word != null) {
			words.add(word.toString());
		}
		return words;
	}

	private static int expand(String text, int dollar, StringBuilder word, Map<String, String> env) {
		int end = dollar + 1;
		while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
			end++;
		}
		String name = text.substring(dollar + 1, end);
		String value = env.get(name);
		if (name.isEmpty() || value == null) {
			throw new IllegalArgumentException("the command uses $" + name + ", which the test does not provide");
		}
		word.append(value);
		return end;
	}

}
