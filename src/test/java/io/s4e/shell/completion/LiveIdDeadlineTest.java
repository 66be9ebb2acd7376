package io.s4e.shell.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.Secret;
import io.s4e.shell.completion.LiveIdCache.Kind;

/** TAB against a server that accepts the connection and never answers: nothing offered, at the deadline. */
class LiveIdDeadlineTest {

	ServerSocket silent;

	final List<Socket> held = new CopyOnWriteArrayList<>();

	final CountDownLatch connected = new CountDownLatch(1);

	S4eClient client;

	@BeforeEach
	void start() throws Exception {
		silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!silent.isClosed()) {
				try {
					held.add(silent.accept());
					connected.countDown();
				}
				catch (Exception closed) {
					return;
				}
			}
		}, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
		client = new S4eClient(ClientConfig.of("http://127.0.0.1:" + silent.getLocalPort(), Secret.of("s4e_test_x"))
			.withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(30)));
	}

	@AfterEach
	void stop() throws Exception {
		client.close();
		silent.close();
		for (Socket s : held) {
			s.close();
		}
	}

	@Test
	void aServerThatNeverAnswersCostsTheDeadlineAndNoMore() throws Exception {
		LiveIdCache cache = new LiveIdCache(new LiveIdLoader(() -> client), Duration.ofSeconds(30),
				Duration.ofMillis(250));
		for (Kind kind : Kind.values()) {
			long start = System.nanoTime();
			List<LiveIdCache.IdCandidate> got = cache.candidates(kind);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(got).as(kind.name()).isEmpty();
			// The deadline, plus slack for a loaded machine; the server would have kept TAB waiting for 20 s.
			assertThat(took).as(kind.name()).isGreaterThanOrEqualTo(Duration.ofMillis(240))
				.isLessThan(Duration.ofMillis(3000));
		}
		assertThat(connected.await(5, TimeUnit.SECONDS)).as("the loads reached the server").isTrue();
		// A second TAB while the first load still hangs joins it: again at most the deadline.
		long start = System.nanoTime();
		assertThat(cache.candidates(Kind.ASSETS)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
	}

}
