package io.s4e.shell.playbook;

import java.io.PrintWriter;

import io.s4e.shell.output.RenderOptions;

/**
 * Where a playbook's output goes: results ({@code println}, {@code table}) to {@code out}, progress and
 * {@code log} lines to {@code err}, as the shell's commands do, so a playbook's stdout stays clean for pipes.
 *
 * @param errIsTerminal whether progress may redraw one line in place
 * @param colour whether tables may use colour
 * @param width columns to fit tables to; 0 for no fitting
 */
public record PlaybookConsole(PrintWriter out, PrintWriter err, boolean errIsTerminal, boolean colour, int width) {

	RenderOptions tableOptions() {
		return RenderOptions.defaults().withTerminalWidth(width).withColor(colour);
	}

}
