package io.s4e.shell.api.model;

/** Paging facts of one list response; any may be absent. */
public record PageMeta(Integer total, Integer page, Integer perPage, Integer totalPages) {

	/** Whether a page after this one exists, judged from whatever the server told. */
	public boolean hasNext(int itemsOnPage) {
		if (totalPages != null && page != null) {
			return page < totalPages;
		}
		if (total != null && page != null && perPage != null && perPage > 0) {
			return (long) page * perPage < total;
		}
		// Without totals, a full page suggests there may be more.
		return perPage != null && itemsOnPage >= perPage && itemsOnPage > 0;
	}

}
