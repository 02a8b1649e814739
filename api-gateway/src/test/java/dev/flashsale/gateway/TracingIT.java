package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService.Answer;
import dev.flashsale.gateway.support.StubService.Received;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.web.TraceIdResponseFilter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One trace from the client through the gateway to the service, and its id back to the client. */
@GatewayIntegrationTest
class TracingIT {

    private static final String W3C_TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]";

    @Autowired
    RestTestClient http;

    @Test
    void theServiceReceivesTheTraceOfTheRequestWhoseIdTheClientGetsBack() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/balance";

        String traceId = traceIdOf(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isOk());

        Received received = StubServices.balance().lastRequestTo(path).orElseThrow();
        assertThat(received.headerValues("traceparent")).singleElement().satisfies(traceparent -> {
            assertThat(traceparent).matches(W3C_TRACEPARENT);
            assertThat(traceparent.substring(3, 35)).isEqualTo(traceId);
        });
    }

    @Test
    void aClientsOwnTraceContextIsContinuedNotReplaced() {
        String clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String path = "/api/v1/products/" + TestTokens.newUserId();

        String traceId = traceIdOf(http.get().uri(path).header("traceparent", "00-" + clientTrace + "-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk());

        assertThat(traceId).isEqualTo(clientTrace);
        String forwarded = StubServices.product().lastRequestTo(path).orElseThrow().header("traceparent").orElseThrow();
        assertThat(forwarded).startsWith("00-" + clientTrace + "-").doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void theClientGetsOneTraceIdEvenWhenTheServiceAnswersWithItsOwn() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/coupons";
        StubServices.coupon().answer("GET", path, Answer.json(200, "{\"items\":[]}")
                .withHeader(TraceIdResponseFilter.HEADER, "0af7651916cd43dd8448eb211c80319c"));
        try {
            String traceId = traceIdOf(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                    .expectStatus().isOk());

            assertThat(traceId).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
        } finally {
            StubServices.coupon().forget("GET", path);
        }
    }

    @Test
    void answersTheGatewayGivesItselfNameTheirTraceToo() {
        traceIdOf(http.get().uri("/api/v1/users/1/balance").exchange().expectStatus().isUnauthorized());
        traceIdOf(http.get().uri("/api/v1/nowhere").header(HttpHeaders.AUTHORIZATION, TestTokens.user(TestTokens.newUserId()))
                .exchange().expectStatus().isNotFound());
    }

    private static String traceIdOf(RestTestClient.ResponseSpec response) {
        List<String> values = response.returnResult(String.class).getResponseHeaders().get(TraceIdResponseFilter.HEADER);
        assertThat(values).as(TraceIdResponseFilter.HEADER).singleElement().asString().matches("[0-9a-f]{32}");
        return values.get(0);
    }
}
