package io.s4e.shell.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.s4e.shell.api.model.Scan;
import io.s4e.shell.sandbox.SandboxConfig;
import io.s4e.shell.sandbox.SandboxDialect;
import io.s4e.shell.sandbox.SandboxRateLimit;
import io.s4e.shell.sandbox.SandboxServer;

/**
 * A create whose answer is lost after the server acted on it, against the real sandbox: a loopback proxy lets the
 * first {@code POST /api/scan/create} reach the server, reads the server's 201, and resets the client's connection
 * instead of passing it on. The client must adopt the scan the server made (through the 409 that names it), and the
 * server must hold exactly one new scan.
 */
class LostCreateAnswerTest {

	SandboxServer sandbox;

	AnswerDroppingProxy proxy;

	void start(SandboxDialect dialect) throws IOException {
		sandbox = SandboxServer.start(SandboxConfig.builder()
			.dialect(dialect)
			.tickInterval(Duration.ZERO)
			.tierRateLimit(SandboxRateLimit.unlimited())
			.createRateLimit(SandboxRateLimit.unlimited())
			.build());
		proxy = new AnswerDroppingProxy(sandbox.port());
	}

	@AfterEach
	void stop() throws IOException {
		if (proxy != null) {
			proxy.close();
		}
		if (sandbox != null) {
			sandbox.close();
		}
	}

	@ParameterizedTest
	@EnumSource(SandboxDialect.class)
	void theScanTheServerMadeIsAdoptedAndNoDuplicateExists(SandboxDialect dialect) throws IOException {
		start(dialect);
		S4eClient direct = new S4eClient(ClientConfig.of(sandbox.baseUrl(), Secret.of(sandbox.token())));
		S4eClient proxied = new S4eClient(
				ClientConfig.of("http://127.0.0.1:" + proxy.port(), Secret.of(sandbox.token())));
		String assetId = direct.listAssets(AssetQuery.fromMap(java.util.Map.of("status", "active", "per_page", 1)))
			.items()
			.get(0)
			.id();
		long before = direct.scans(ScanQuery.fromMap(java.util.Map.of("asset_id", assetId))).count();

		S4eClient.CreateResult result = proxied.createScan(CreateScanRequest.of(assetId, "quick"), false);

		assertThat(proxy.dropped()).as("the proxy swallowed the server's 201").isTrue();
		assertThat(proxy.creates()).as("one create, then one to learn the ID through 409").isEqualTo(2);
		assertThat(result.adopted()).isTrue();
		Scan adopted = result.scan();
		assertThat(adopted.status()).isIn("queued", "running");
		var after = direct.scans(ScanQuery.fromMap(java.util.Map.of("asset_id", assetId))).toList();
		assertThat(after).hasSize((int) before + 1);
		assertThat(after).filteredOn(s -> s.status().equals("queued") || s.status().equals("running"))
			.extracting(Scan::id)
			.containsExactly(adopted.id());
	}

	/**
	 * Relays HTTP/1.1 requests to the sandbox one by one; the first scan create is relayed, its answer read in full
	 * and then thrown away with a TCP reset.
	 */
	static final class AnswerDroppingProxy implements AutoCloseable {

		private final ServerSocket server;

		private final int upstreamPort;

		private final AtomicBoolean dropped = new AtomicBoolean();

		private final AtomicInteger creates = new AtomicInteger();

		AnswerDroppingProxy(int upstreamPort) throws IOException {
			this.upstreamPort = upstreamPort;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::acceptLoop, "answer-dropping-proxy");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return server.getLocalPort();
		}

		boolean dropped() {
			return dropped.get();
		}

		int creates() {
			return creates.get();
		}

		private void acceptLoop() {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Thread t = new Thread(() -> serve(client), "answer-dropping-proxy-conn");
					t.setDaemon(true);
					t.start();
				}
				catch (IOException closed) {
					return;
				}
			}
		}

		private void serve(Socket client) {
			try (client) {
				InputStream in = client.getInputStream();
				OutputStream out = client.getOutputStream();
				while (true) {
					byte[] request = readMessage(in);
					if (request == null) {
						return;
					}
					String head = new String(request, 0, Math.min(request.length, 64), StandardCharsets.ISO_8859_1);
					byte[] answer = relay(request);
					if (head.startsWith("POST /api/scan/create ") && creates.incrementAndGet() == 1) {
						dropped.set(true);
						client.setSoLinger(true, 0);
						return;
					}
					out.write(answer);
					out.flush();
				}
			}
			catch (IOException gone) {
				// The client went away; nothing to relay.
			}
		}

		private byte[] relay(byte[] request) throws IOException {
			try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
				upstream.getOutputStream().write(request);
				upstream.getOutputStream().flush();
				byte[] answer = readMessage(upstream.getInputStream());
				if (answer == null) {
					throw new IOException("the sandbox closed without answering");
				}
				return answer;
			}
		}

		/** One HTTP/1.1 message with a Content-Length body (or none); null at end of stream. */
		private static byte[] readMessage(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				if (b < 0) {
					return head.size() == 0 ? null : head.toByteArray();
				}
				head.write(b);
				matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
						? matched + 1 : (b == '\r' ? 1 : 0);
			}
			int length = 0;
			for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			message.write(head.toByteArray());
			message.write(in.readNBytes(length));
			return message.toByteArray();
		}

		@Override
		public void close() throws IOException {
			server.close();
		}

	}

}
