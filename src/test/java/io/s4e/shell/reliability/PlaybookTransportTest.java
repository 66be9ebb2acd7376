package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.s4e.shell.S4eShellApplication;
import io.s4e.shell.console.S4eShellRunner;

/**
 * A playbook that tries to get the token to another origin, a second server on loopback: through URLs in IDs,
 * filters, options and a callback URL, through the DSL's objects (the services behind {@code s4e}, its metaclass,
 * a handle's and a lazy list's insides), and with a client and a URL of its own. The other server receives only
 * the requests the playbook made itself, and none carries credentials or the token.
 */
@SpringBootTest(classes = S4eShellApplication.class)
@Import(ReliabilityShell.Beans.class)
class PlaybookTransportTest {

	static final String TOKEN = "s4e_live_PLAYBOOK_ORIGIN_4f3e2d1c";

	@RegisterExtension
	static WireMockExtension other = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	@Autowired
	S4eShellRunner runner;

	static final String PLAYBOOK = """
			def other = args.require('other')
			def port = other.tokenize(':').last()
			def attempts = [
			  'asset ID': { s4e.asset("${other}/api/assets/a-1001") },
			  'scan ID': { s4e.handle("${other}/api/scan/sc-1") },
			  'scheme-relative ID': { s4e.handle("//127.0.0.1:${port}/api/scan/sc-1") },
			  'dotted ID': { s4e.finding("../../..//127.0.0.1:${port}/x") },
			  'filter value': { s4e.scans(asset: other) },
			  'search': { s4e.findings(search: "${other}/x") },
			  'scan options': { s4e.scan('a-1001', 'quick', options: [target: other]) },
			  'callback URL': { s4e.scan('a-1002', 'quick', callback_url: "${other}/hook") },
			  'services': { s4e.services() },
			  'metaclass call': { s4e.getMetaClass().invokeMethod(s4e, 'services', null) },
			  'metaclass field': { s4e.getMetaClass().getAttribute(s4e, 'services') },
			  'invoker': { org.codehaus.groovy.runtime.InvokerHelper.invokeMethod(s4e, 'services', null) },
			  'handle insides': { s4e.handle('sc-1').dsl },
			  'lazy list insides': { s4e.assets().source.arg$1.services() },
			  'session insides': { session.session },
			  'own client': { new io.s4e.shell.api.S4eClient(io.s4e.shell.api.ClientConfig.of(other, null)).getScan('sc-1') },
			  'own URL': { new URL("${other}/own").text },
			]
			attempts.each { name, attempt ->
			  try {
			    attempt()
			    println "${name}: ran"
			  } catch (e) {
			    println "${name}: refused: ${e.message?.readLines()?.find() ?: e.class.simpleName}"
			  }
			}
			""";

	@Test
	void aPlaybookCannotGetTheTokenToAnotherOrigin() throws Exception {
		String scan = "{\"data\":{\"scan_id\":\"sc-1\",\"asset_id\":\"a-1001\",\"scan_type\":\"quick\","
				+ "\"status\":\"queued\"}}";
		ReliabilityShell.WIREMOCK.resetAll();
		ReliabilityShell.WIREMOCK.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"error\",\"error\":{\"code\":\"not_found\",\"message\":\"No such resource\"}}")));
		ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).willReturn(okJson(scan)));
		ReliabilityShell.WIREMOCK.stubFor(get(urlPathEqualTo("/api/assets")).willReturn(okJson(
				"{\"data\":[{\"id\":\"a-1001\",\"name\":\"example.com\"}]}")));
		ReliabilityShell.WIREMOCK.stubFor(post(urlPathEqualTo("/api/scan/create"))
			.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(scan)));
		ReliabilityShell.CONNECTION.pointAt(ReliabilityShell.config(ReliabilityShell.wireMockUrl(), TOKEN));
		other.stubFor(any(anyUrl()).willReturn(okJson(scan)));

		Path file = ReliabilityShell.HOME.resolve("reach-elsewhere.groovy");
		Files.writeString(file, PLAYBOOK);
		ReliabilityShell.Run run = ReliabilityShell.run(runner,
				"run " + file + " --arg other=http://127.0.0.1:" + other.getPort());

		assertThat(run.exitCode()).as(run.err()).isZero();
		List<String> printed = run.out().lines().toList();
		assertThat(printed).as("every attempt ran to its end").hasSize(17);
		for (String refused : List.of("services", "metaclass call", "metaclass field", "invoker", "handle insides",
				"session insides")) {
			assertThat(printed).as(refused).anyMatch(l -> l.startsWith(refused + ": refused: ")
					&& (l.contains("has no method") || l.contains("has no property") || l.contains("no field")));
		}
		assertThat(printed).anyMatch(l -> l.startsWith("lazy list insides: refused: "));
		assertThat(run.out() + run.err()).doesNotContain(TOKEN);

		// The other origin saw only the playbook's own client and URL, with no credentials and no token.
		List<ServeEvent> reached = other.getAllServeEvents();
		assertThat(reached).extracting(e -> e.getRequest().getUrl())
			.containsExactlyInAnyOrder("/api/scan/sc-1", "/own");
		assertThat(other.findAll(anyRequestedFor(anyUrl()).withHeader("Authorization", absent())
			.withHeader("X-API-Key", absent()))).hasSize(reached.size());
		reached.forEach(e -> assertThat(e.getRequest().toString() + e.getRequest().getBodyAsString())
			.doesNotContain(TOKEN));

		// Everything else went to the configured origin, with the token; URLs in IDs stayed one encoded segment.
		List<ServeEvent> api = ReliabilityShell.WIREMOCK.getAllServeEvents();
		assertThat(api).isNotEmpty()
			.allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
		assertThat(api).extracting(e -> e.getRequest().getUrl())
			.contains("/api/assets/http%3A%2F%2F127.0.0.1%3A" + other.getPort() + "%2Fapi%2Fassets%2Fa-1001")
			.anyMatch(u -> u.startsWith("/api/scan/%2F%2F127.0.0.1"))
			.anyMatch(u -> u.startsWith("/api/scans?asset_id=http%3A%2F%2F127.0.0.1"));
		ReliabilityShell.WIREMOCK.verify(postRequestedFor(urlPathEqualTo("/api/scan/create"))
			.withRequestBody(containing("\"callback_url\":\"http://127.0.0.1:" + other.getPort() + "/hook\""))
			.withHeader("Authorization", equalTo("Bearer " + TOKEN)));
		assertThat(Stream.of(printed.toArray(String[]::new))).anyMatch(l -> l.startsWith("callback URL: ran"));
	}

}
