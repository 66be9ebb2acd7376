package io.s4e.shell.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/** A loopback HTTP endpoint that records the callbacks the sandbox posts to it. */
final class CallbackReceiver implements AutoCloseable {

	/** One received POST: lower-cased header names, raw body. */
	record Delivery(String method, String path, Map<String, String> headers, byte[] body) {

		String header(String name) {
			return headers.get(name.toLowerCase());
		}

	}

	private final HttpServer server;

	private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

	/** Statuses to answer, in order; 204 once they are used up. */
	private final Deque<Integer> statuses = new ArrayDeque<>();

	CallbackReceiver(Integer... statuses) throws IOException {
		this.statuses.addAll(List.of(statuses));
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.createContext("/", exchange -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
			deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					body));
			Integer status;
			synchronized (this.statuses) {
				status = this.statuses.poll();
			}
			exchange.sendResponseHeaders(status == null ? 204 : status, -1);
			exchange.close();
		});
		server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	Delivery next(Duration timeout) throws InterruptedException {
		Delivery delivery = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (delivery == null) {
			throw new AssertionError("no callback within " + timeout);
		}
		return delivery;
	}

	boolean nothingReceived() {
		return deliveries.isEmpty();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
