package dev.flashsale.web;

import dev.flashsale.web.testapp.ProblemTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same context as {@link ProblemDetailsIT}: every answer names its trace. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemTestApplication.class, properties = {"flashsale.web.max-request-bytes=1024",
        // Problems and trace ids are the same whoever calls; CallerFilterIT covers the caller checks.
        "GATEWAY_SECRET=" + CallerFilterIT.SECRET, "flashsale.web.require-caller=false"})
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class TraceIdHeaderIT {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    RestTestClient http;

    @Test
    void everyAnswerCarriesTheTraceIdOfItsRequest() {
        String first = traceIdOf(http.get().uri("/pages").exchange().expectStatus().isOk());
        String second = traceIdOf(http.get().uri("/pages").exchange().expectStatus().isOk());

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void errorAnswersCarryItToo() {
        traceIdOf(http.get().uri("/things/12").exchange().expectStatus().isNotFound());
        traceIdOf(http.get().uri("/boom").exchange().expectStatus().is5xxServerError());
        traceIdOf(http.post().uri("/charges").header("Content-Type", "application/json").body("{").exchange()
                .expectStatus().isBadRequest());
    }

    @Test
    void aCallerThatSendsATraceContextGetsItsOwnTraceBack() {
        String traceId = traceIdOf(http.get().uri("/pages")
                .header("traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk());

        assertThat(traceId).isEqualTo(CALLER_TRACE);
    }

    @Test
    void aProxiedAnswerKeepsTheTraceIdOfTheRequestNotTheOneItCarried(CapturedOutput output) {
        List<String> values = http.get().uri("/proxied")
                .header("traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().get(TraceIdResponseFilter.HEADER);

        assertThat(values).containsExactly(CALLER_TRACE);
        // The log line written while serving it names the same trace.
        assertThat(output.getOut()).containsPattern(CALLER_TRACE + ".*answering with a service's trace id header");
    }

    @Test
    void eachRequestIsLoggedOnceWithItsTraceIdAndProbesAreNot(CapturedOutput output) {
        String traceId = traceIdOf(http.get().uri("/things/12").exchange().expectStatus().isNotFound());
        http.get().uri("/actuator/health").exchange();

        assertThat(output.getOut()).containsOnlyOnce(traceId + "-")
                .containsPattern(traceId + "-[0-9a-f]{16}\\].*RequestLogFilter +: GET /things/12 404 \\d+ ms")
                .doesNotContain("GET /actuator/health");
    }

    private static String traceIdOf(RestTestClient.ResponseSpec response) {
        List<String> values = response.returnResult(String.class).getResponseHeaders().get(TraceIdResponseFilter.HEADER);
        assertThat(values).as(TraceIdResponseFilter.HEADER).hasSize(1);
        return values.get(0);
    }
}
