package io.s4e.shell.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.s4e.shell.api.AuthScheme;
import io.s4e.shell.api.ClientConfig;
import io.s4e.shell.api.ConfigurationException;
import io.s4e.shell.api.S4eClient;
import io.s4e.shell.api.S4eException;
import io.s4e.shell.api.Secret;
import io.s4e.shell.api.model.Scan;

/**
 * Where the token may go: only to the configured origin (scheme, host and port), only over https or to loopback
 * over http, and never along a redirect to another origin. Two real servers on loopback play the API and the
 * other origin.
 */
class TransportRulesTest {

	static final String TOKEN = "s4e_live_TRANSPORT_9a8b7c6d";

	@RegisterExtension
	static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension other = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	static final String SCAN = "{\"data\":{\"scan_id\":\"sc-1\",\"status\":\"running\"}}";

	@BeforeEach
	void servers() {
		other.stubFor(get(anyUrl()).willReturn(okJson(SCAN)));
		api.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).willReturn(okJson(SCAN)));
	}

	static S4eClient client(String baseUrl, AuthScheme scheme) {
		return new S4eClient(ClientConfig.of(baseUrl, Secret.of(TOKEN)).withAuthScheme(scheme)
			.withRetries(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2)));
	}

	@Test
	void theConfiguredOriginGetsTheToken() {
		try (S4eClient client = client(api.baseUrl(), AuthScheme.BEARER)) {
			assertThat(client.getScan("sc-1").id()).isEqualTo("sc-1");
		}
		api.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-1")).withHeader("Authorization",
				equalTo("Bearer " + TOKEN)));
	}

	@ParameterizedTest(name = "{0} redirect, {1}")
	@CsvSource({ "301,BEARER", "302,BEARER", "303,BEARER", "307,BEARER", "308,BEARER", "302,API_KEY",
			"307,API_KEY" })
	void aRedirectToAnotherPortCarriesNoToken(int status, AuthScheme scheme) {
		api.stubFor(get(urlPathEqualTo("/api/scan/sc-2")).willReturn(aResponse().withStatus(status)
			.withHeader("Location", other.baseUrl() + "/api/scan/sc-1")));
		try (S4eClient client = client(api.baseUrl(), scheme)) {
			Scan scan = client.getScan("sc-2");
			assertThat(scan.id()).as("the redirect was followed").isEqualTo("sc-1");
		}
		assertNoCredentialsReached(other);
		api.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-2"))
			.withHeader(scheme == AuthScheme.BEARER ? "Authorization" : "X-API-Key", equalTo(
					scheme == AuthScheme.BEARER ? "Bearer " + TOKEN : TOKEN)));
	}

	@Test
	void anotherNameForTheSameMachineIsAnotherOrigin() {
		// localhost and 127.0.0.1 reach the same socket but are different origins: the token stays behind.
		String sameServerOtherName = "http://localhost:" + other.getPort() + "/api/scan/sc-1";
		api.stubFor(get(urlPathEqualTo("/api/scan/sc-3")).willReturn(aResponse().withStatus(302)
			.withHeader("Location", sameServerOtherName)));
		try (S4eClient client = client("http://127.0.0.1:" + api.getPort(), AuthScheme.BEARER)) {
			client.getScan("sc-3");
		}
		assertNoCredentialsReached(other);
	}

	@Test
	void aRedirectBackToTheOriginKeepsTheToken() {
		api.stubFor(get(urlPathEqualTo("/api/scan/old")).willReturn(aResponse().withStatus(301)
			.withHeader("Location", api.baseUrl() + "/api/scan/sc-1")));
		try (S4eClient client = client(api.baseUrl(), AuthScheme.BEARER)) {
			client.getScan("old");
		}
		api.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-1")).withHeader("Authorization",
				equalTo("Bearer " + TOKEN)));
	}

	@Test
	void aChainThatLeavesAndComesBackNeverLeaksOnTheWay() {
		api.stubFor(get(urlPathEqualTo("/api/scan/hop")).willReturn(aResponse().withStatus(302)
			.withHeader("Location", other.baseUrl() + "/bounce")));
		other.stubFor(get(urlPathEqualTo("/bounce")).willReturn(aResponse().withStatus(302)
			.withHeader("Location", api.baseUrl() + "/api/scan/sc-1")));
		try (S4eClient client = client(api.baseUrl(), AuthScheme.BEARER)) {
			client.getScan("hop");
		}
		assertNoCredentialsReached(other);
	}

	@ParameterizedTest
	@CsvSource({ "http://api.s4e.io", "http://10.0.0.5:8080", "http://127.0.0.1.nip.io", "http://[::2]:80",
			"http://localhost.example.com" })
	void plainHttpToAnythingButLoopbackIsRefusedBeforeAnyRequest(String url) {
		assertThatThrownBy(() -> ClientConfig.of(url, Secret.of(TOKEN))).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("https")
			.hasMessageNotContaining(TOKEN);
	}

	@ParameterizedTest
	@CsvSource({ "https://api.s4e.io", "http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080",
			"http://127.1.2.3:9" })
	void httpsAndLoopbackAreAllowed(String url) {
		assertThat(ClientConfig.of(url, Secret.of(TOKEN)).baseUrl().toString()).startsWith(url.substring(0, 8));
	}

	@Test
	void aTokenInTheBaseUrlIsNeverTheWayIn() {
		// The only inputs are the environment, the profile file and the masked prompt; a URL's user-info is not one.
		try (S4eClient client = new S4eClient(ClientConfig.of(api.baseUrl(), null))) {
			client.getScan("sc-1");
		}
		api.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-1")).withHeader("Authorization", absent()));
	}

	/**
	 * An https origin (a self-signed certificate for 127.0.0.1, trusted for this test only) that redirects to plain
	 * http: the token goes over TLS to the origin, and never along the downgrade. The client does not follow an
	 * https-to-http redirect at all, and would send no credentials if it did.
	 */
	@Test
	void anHttpsOriginRedirectingToPlainHttpNeverSendsTheToken(@TempDir Path dir) throws Exception {
		Path keyStore = selfSignedKeyStore(dir);
		WireMockServer tls = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
			.httpDisabled(true)
			.dynamicHttpsPort()
			.keystorePath(keyStore.toString())
			.keystoreType("PKCS12")
			.keystorePassword(STORE_PASSWORD)
			.keyManagerPassword(STORE_PASSWORD));
		tls.start();
		Map<String, String> saved = new HashMap<>();
		for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType",
				"javax.net.ssl.trustStorePassword")) {
			saved.put(key, System.getProperty(key));
		}
		// OkHttp reads the platform's trust store when a client is built: the certificate is trusted for this
		// test's clients only, and the properties are put back afterwards.
		System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
		System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
		System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
		String origin = "https://127.0.0.1:" + tls.httpsPort();
		try {
			tls.stubFor(get(urlPathEqualTo("/api/scan/sc-1")).willReturn(okJson(SCAN)));
			List<Integer> statuses = List.of(301, 302, 303, 307, 308);
			for (int status : statuses) {
				tls.stubFor(get(urlPathEqualTo("/api/scan/down-" + status)).willReturn(aResponse().withStatus(status)
					.withHeader("Location", other.baseUrl() + "/api/scan/sc-1")));
			}
			for (AuthScheme scheme : AuthScheme.values()) {
				try (S4eClient client = client(origin, scheme)) {
					assertThat(client.getScan("sc-1").id()).as("the https origin answers").isEqualTo("sc-1");
					for (int status : statuses) {
						assertThatThrownBy(() -> client.getScan("down-" + status)).as("%d to http", status)
							.isInstanceOf(S4eException.class)
							.satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("\n"));
					}
				}
			}
			tls.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-1")).withHeader("Authorization",
					equalTo("Bearer " + TOKEN)));
			tls.verify(getRequestedFor(urlPathEqualTo("/api/scan/sc-1")).withHeader("X-API-Key", equalTo(TOKEN)));
			assertThat(tls.findAll(anyRequestedFor(anyUrl()))).as("every request reached the https origin")
				.hasSize(AuthScheme.values().length * (1 + statuses.size()));
			List<?> downgraded = other.findAll(anyRequestedFor(anyUrl()));
			List<?> withoutCredentials = other.findAll(
					anyRequestedFor(anyUrl()).withHeader("Authorization", absent()).withHeader("X-API-Key", absent()));
			assertThat(withoutCredentials).as("plain-http requests without credentials").hasSameSizeAs(downgraded);
			other.getAllServeEvents().forEach(e -> assertThat(e.getRequest().toString()).doesNotContain(TOKEN));
		}
		finally {
			saved.forEach((key, value) -> {
				if (value == null) {
					System.clearProperty(key);
				}
				else {
					System.setProperty(key, value);
				}
			});
			tls.stop();
		}
	}

	static final String STORE_PASSWORD = "s4e-test-store";

	/** A PKCS12 store with a self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
	static Path selfSignedKeyStore(Path dir) throws IOException, InterruptedException {
		Path store = dir.resolve("loopback.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "loopback", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(),
				"-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
			.redirectErrorStream(true)
			.start();
		String printed = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(keytool.waitFor()).as(printed).isZero();
		return store;
	}

	private static void assertNoCredentialsReached(WireMockExtension server) {
		List<?> requests = server.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).as("the other origin was asked").isNotEmpty();
		List<?> withoutCredentials = server.findAll(
				anyRequestedFor(anyUrl()).withHeader("Authorization", absent()).withHeader("X-API-Key", absent()));
		assertThat(withoutCredentials).as("requests to the other origin without credentials").hasSameSizeAs(requests);
		server.getAllServeEvents().forEach(e -> assertThat(e.getRequest().toString()).doesNotContain(TOKEN));
	}

}
