package io.s4e.shell.contract;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.wiremock.OpenApiValidationListener;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;

/**
 * A loopback WireMock server, as a JUnit 5 extension, that checks every request it receives against the OpenAPI
 * document with swagger-request-validator's {@link OpenApiValidationListener}: a test whose client sends anything
 * the document forbids fails after it ran. Stubbed responses are checked by the {@link OpenApiContract#stubs()}
 * rules; a stub that answers off-contract on purpose sets {@link OpenApiContract#EXEMPT_HEADER}, and injected
 * faults (reset, malformed chunk) are exempt by nature.
 * <p>
 * The listener runs before WireMock writes the response, so the report is complete as soon as the client has its
 * answer. A test that provokes a violation on purpose reads it with {@link #takeReport()}.
 */
public final class ContractWireMock extends WireMockServer
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private final OpenApiValidationListener listener = OpenApiContract.stubs().wireMockListener();

	public ContractWireMock() {
		super(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		addMockServiceRequestListener((request, response) -> listener.requestReceived(request,
				response.getFault() == null ? response : exempt(response)));
	}

	private static Response exempt(Response response) {
		return Response.Builder.like(response)
			.but()
			.headers(response.getHeaders().plus(new HttpHeader(OpenApiContract.EXEMPT_HEADER, "injected fault")))
			.build();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** What the validator found since the last reset, and a fresh start. */
	public synchronized ValidationReport takeReport() {
		ValidationReport report = listener.getReport();
		listener.reset();
		return report;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		resetAll();
		listener.reset();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		ValidationReport report = takeReport();
		if (context.getExecutionException().isEmpty()) {
			OpenApiContract.assertValid(report, "A request the client sent (or a stub's answer)");
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

}
