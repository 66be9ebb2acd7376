package io.s4e.shell.commands;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.jline.reader.Candidate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.test.autoconfigure.ShellTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.completion.LiveIdCache;
import io.s4e.shell.completion.LiveIdLoader;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.console.S4eShellRunner;

/**
 * The shell behind a fault-injecting proxy (WireMock in front of the sandbox): every class of error is one line
 * and the shell goes on; TAB answers within its deadline from a server that hangs, and from the cache once it has
 * something, while the refresh still hangs.
 */
@ShellTest
@SpringBootTest(classes = S4eShellApplication.class)
@Import({ ShellTestSupport.Beans.class, ShellFaultsTest.FaultBeans.class })
class ShellFaultsTest {

	static final WireMockServer PROXY = startProxy();

	/** Moved by the test to age cache entries, instead of sleeping for the refresh interval. */
	static final AtomicLong TICKER_NANOS = new AtomicLong();

	static final Duration REFRESH = Duration.ofSeconds(30);

	static WireMockServer startProxy() {
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		return server;
	}

	@DynamicPropertySource
	static void pointTheShellAtTheProxy(DynamicPropertyRegistry registry) throws IOException {
		Path home = Files.createTempDirectory("s4e-shell-faults");
		registry.add("s4e.test.base-url", PROXY::baseUrl);
		registry.add("s4e.test.home", home::toString);
	}

	@TestConfiguration
	static class FaultBeans {

		@Bean
		@Primary
		LiveIdCache tickingLiveIdCache(ConnectionManager connection) {
			return new LiveIdCache(new LiveIdLoader(connection::client), REFRESH, Duration.ofMillis(250),
					Executors.newFixedThreadPool(2, r -> {
						Thread t = new Thread(r, "test-completion-refresh");
						t.setDaemon(true);
						return t;
					}), (Ticker) TICKER_NANOS::get);
		}

	}

	@Autowired
	S4eShellRunner runner;

	@Autowired
	CommandCompleter completer;

	@BeforeEach
	void proxyEverythingToTheSandbox() {
		PROXY.resetAll();
		PROXY.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(ShellTestSupport.SANDBOX.baseUrl())));
		ShellTestSupport.takeErr();
	}

	@AfterEach
	void resetFaults() {
		PROXY.resetAll();
	}

	@AfterAll
	static void stopProxy() {
		PROXY.stop();
	}

	record Outcome(int code, List<String> errLines, String out) {
	}

	Outcome line(String line) {
		StringWriter out = new StringWriter();
		ShellTestSupport.takeErr();
		int code = runner.runLine(line, new PrintWriter(out, true), null);
		return new Outcome(code, ShellTestSupport.takeErr().lines().filter(l -> !l.isBlank()).toList(), out.toString());
	}

	/** Runs the line with the fault in place; asserts one error line and exit code, then that the shell goes on. */
	String failsWith(MappingBuilder fault, String line, int exitCode) {
		StubMapping stub = fault == null ? null : PROXY.stubFor(fault.atPriority(1));
		Outcome o;
		try {
			o = line(line);
		}
		finally {
			if (stub != null) {
				PROXY.removeStub(stub);
			}
		}
		assertThat(o.code()).as(line).isEqualTo(exitCode);
		assertThat(o.errLines()).as(line).singleElement();
		String error = o.errLines().get(0);
		assertThat(error).as(line).startsWith("error: ").endsWith(".").doesNotContain("..")
			.doesNotContain("Exception").doesNotContain(ShellTestSupport.SANDBOX.token());
		Outcome next = line("scan list --per-page 1 -o json");
		assertThat(next.code()).as("the shell goes on after `" + line + "`").isZero();
		assertThat(next.out()).startsWith("[");
		return error;
	}

	static String errorBody(String code, String message) {
		return "{\"status\":\"error\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
	}

	static MappingBuilder onScanList() {
		return get(urlPathEqualTo("/api/scans"));
	}

	@Test
	void everyErrorClassIsOneLineAndTheShellGoesOn() {
		assertThat(failsWith(null, "scan list --bogus", 2)).contains("Unknown option '--bogus'");
		// 400, 404 and 409 come from the sandbox itself, through the proxy.
		assertThat(failsWith(null, "scan create --asset a-1001 --type deep", 3)).contains("rejected")
			.contains("scan_type").contains("quick");
		assertThat(failsWith(null, "scan show sc-nope", 3)).contains("sc-nope").contains("not found (404)")
			.contains("scan list");
		assertThat(failsWith(null, "scan cancel sc-44020", 3)).contains("sc-44020").contains("cannot be cancelled")
			.doesNotContain("already active");
		assertThat(failsWith(onScanList().willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody(errorBody("unauthorized", "Invalid or expired API key."))), "scan list", 3))
			.contains("401").contains("S4E_API_TOKEN").contains("auth login");
		assertThat(failsWith(onScanList().willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"forbidden\",\"message\":\"Missing scope.\","
					+ "\"required_scope\":\"read:scans\"}}")), "scan list", 3))
			.contains("403").contains("read:scans");
		assertThat(failsWith(onScanList().willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("Retry-After", "1")
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests.\","
					+ "\"retry_after\":1}}")), "scan list", 3))
			.contains("429").contains("Retry in");
		assertThat(failsWith(onScanList().willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><title>Service Unavailable</title></html>")), "scan list", 3))
			.contains("503").contains("try again");
		assertThat(failsWith(onScanList().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
				"scan list", 3)).containsIgnoringCase("network");
		assertThat(failsWith(onScanList().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"data\": [ {\"scan_id\": ")), "scan list", 3)).doesNotContain("Unexpected error");
		assertThat(failsWith(get(urlPathEqualTo("/api/scan/sc-44020")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/html")
			.withBody("<!doctype html><html><title>Login</title></html>")), "scan show sc-44020", 3)).isNotBlank();
	}

	Tab tab() {
		return new Tab(completer);
	}

	List<String> assetIdsShown() {
		return tab().shown("scan create --type quick --asset a-").stream().map(Candidate::value).toList();
	}

	long timedMillis(Runnable tabPress) {
		long start = System.nanoTime();
		tabPress.run();
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	@Test
	void tabAnswersWithinItsDeadlineFromAHangingServerAndThenFromTheCache() throws Exception {
		MappingBuilder hang = get(urlPathEqualTo("/api/assets")).willReturn(
				aResponse().proxiedFrom(ShellTestSupport.SANDBOX.baseUrl()).withFixedDelay(10_000));
		StubMapping hanging = PROXY.stubFor(hang.atPriority(1));
		List<List<String>> shown = new java.util.ArrayList<>();
		long first = timedMillis(() -> shown.add(assetIdsShown()));
		assertThat(shown.get(0)).as("nothing cached yet, and the server has not answered").isEmpty();
		assertThat(first).isLessThan(3000);

		// The server answers at last; the load that was waiting fills the cache.
		PROXY.removeStub(hanging);
		List<String> ids = CompletionTest.eventually(this::assetIdsShown);
		assertThat(ids).contains("a-1001", "a-1030");

		// It hangs again and the entry is stale: TAB answers from the cache at once, the refresh waits.
		hanging = PROXY.stubFor(hang.atPriority(1));
		TICKER_NANOS.addAndGet(REFRESH.plusSeconds(1).toNanos());
		List<List<String>> again = new java.util.ArrayList<>();
		long stale = timedMillis(() -> again.add(assetIdsShown()));
		assertThat(again.get(0)).containsExactlyElementsOf(ids);
		assertThat(stale).isLessThan(3000);
		// A reload of the stale entry may be waiting on the hanging server meanwhile; TAB stays quick regardless
		// (that a stale entry is reloaded is LiveIdCacheTest's, on a manual ticker).
		Thread.sleep(200);
		long whileRefreshing = timedMillis(() -> again.add(assetIdsShown()));
		assertThat(again.get(1)).containsExactlyElementsOf(ids);
		assertThat(whileRefreshing).isLessThan(3000);
		PROXY.removeStub(hanging);
	}

}
