package io.s4e.shell.service;

import java.util.stream.Stream;

import io.s4e.shell.api.model.PageMeta;

/**
 * Rows for a list command, consumed once as they are rendered.
 *
 * @param note what the user should know about the rows (e.g. which session filters were applied), or null
 * @param meta paging facts of a single page, or null when every page is streamed
 */
public record Listing<T>(Stream<T> rows, String note, PageMeta meta) {
}
