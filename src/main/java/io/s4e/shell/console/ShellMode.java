package io.s4e.shell.console;

/** How the process was started; chosen in {@code main} before Spring starts. */
public enum ShellMode {

	/** No arguments, stdin is a terminal: prompt, TAB, history. */
	INTERACTIVE,

	/** Arguments name one command: run it and exit with its code. */
	COMMAND,

	/** No arguments, stdin is a file or pipe: run each line as a command, stop at the first failure. */
	BATCH

}
