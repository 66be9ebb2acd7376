package io.s4e.shell.api.model;

import java.util.List;

/** One page of a list response. */
public record Page<T>(List<T> items, PageMeta meta) {

	public Page {
		items = List.copyOf(items);
	}

}
