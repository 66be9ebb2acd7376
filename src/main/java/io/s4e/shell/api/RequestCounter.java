package io.s4e.shell.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import okhttp3.Request;

/** Counts requests sent by path kind, so a watch or a batch can report (and tests can assert) what it cost. */
public final class RequestCounter {

	private final LongAdder total = new LongAdder();

	private final ConcurrentHashMap<String, AtomicLong> byKind = new ConcurrentHashMap<>();

	void record(Request request) {
		total.increment();
		byKind.computeIfAbsent(kind(request.method(), request.url().encodedPath()), k -> new AtomicLong())
			.incrementAndGet();
	}

	public long total() {
		return total.sum();
	}

	/** Requests of one kind, e.g. {@code GET status}, {@code POST create}, {@code GET scans}. */
	public long count(String kind) {
		AtomicLong n = byKind.get(kind);
		return n == null ? 0 : n.get();
	}

	static String kind(String method, String path) {
		String[] parts = path.split("/");
		String last = parts.length == 0 ? "" : parts[parts.length - 1];
		if (path.startsWith("/api/scan/") && parts.length >= 5) {
			return method + " " + last;
		}
		if (path.equals("/api/scan/create")) {
			return method + " create";
		}
		if (path.startsWith("/api/scan/")) {
			return method + " scan";
		}
		return method + " " + (parts.length > 2 ? parts[2] : last);
	}

}
