package dev.flashsale.web;

import dev.flashsale.web.testapp.ProblemTestApplication;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemTestApplication.class, properties = {"flashsale.web.max-request-bytes=1024",
        // Problems and trace ids are the same whoever calls; CallerFilterIT covers the caller checks.
        "GATEWAY_SECRET=" + CallerFilterIT.SECRET, "flashsale.web.require-caller=false"})
@AutoConfigureRestTestClient
class ProblemDetailsIT {

    @Autowired
    RestTestClient http;
    @LocalServerPort
    int port;

    @Test
    void aDomainRuleAnswersWithItsOwnCodeAndStatus() {
        http.get().uri("/things/12").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/product-not-found")
                .jsonPath("$.code").isEqualTo("PRODUCT_NOT_FOUND")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Product not found")
                .jsonPath("$.detail").isEqualTo("product 12 does not exist");
    }

    @Test
    void aRefusalForTheMomentSaysWhenToComeBack() {
        http.get().uri("/busy").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "2")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED")
                .jsonPath("$.detail").isEqualTo("too busy right now");
    }

    @Test
    void anInvalidFieldMalformedJsonAndABadParameterAreValidationFailures() {
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": -5}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail).contains("amount"));
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": \"lots\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        http.get().uri("/things/abc").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        http.get().uri("/pages?size=1000").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aBodyWithTheSameKeyTwiceIsRefusedRatherThanReadAsItsLastValue() {
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": 5, \"amount\": 6}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblemsToo() {
        http.get().uri("/nowhere").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        http.delete().uri("/charges").exchange()
                .expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.code").isEqualTo("METHOD_NOT_ALLOWED");
        http.post().uri("/charges").contentType(MediaType.TEXT_PLAIN).body("amount=5").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": 1, \"padding\": \"" + "x".repeat(2000) + "\"}").exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void anOversizedBodyWithoutAContentLengthIsRefusedAndASmallOneIsRead() {
        HttpClient client = HttpClient.newHttpClient();
        Function<String, HttpResponse<String>> chunked = body -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/charges"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };

        HttpResponse<String> large = chunked.apply("{\"amount\": 1, \"padding\": \"" + "x".repeat(2000) + "\"}");
        HttpResponse<String> small = chunked.apply("{\"amount\": -5}");

        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("PAYLOAD_TOO_LARGE");
        // Read from memory and judged on its content, as any other body.
        assertThat(small.statusCode()).isEqualTo(400);
        assertThat(small.body()).contains("VALIDATION_FAILED", "amount");
    }

    @Test
    void everyProblemCarriesTheTypeOfItsCodeNotAboutBlank() {
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": -5}").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/validation-failed");
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": ").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/validation-failed");
        http.get().uri("/pages?size=1000").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/validation-failed");
        http.get().uri("/nowhere").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/not-found");
        http.delete().uri("/charges").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/method-not-allowed");
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": 1, \"padding\": \"" + "x".repeat(2000) + "\"}").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/payload-too-large");
        http.get().uri("/boom").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/internal-error");
        http.get().uri("/database-gone").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
    }

    @Test
    void anIllegalArgumentFromABugIsA500NotTheClientsFault() {
        http.get().uri("/bug").exchange()
                .expectStatus().isEqualTo(500)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INTERNAL_ERROR")
                .jsonPath("$.detail").isEqualTo("an unexpected error occurred");
    }

    @Test
    void anUnexpectedFailureIsA500ThatKeepsItsInternalsToItself() {
        http.get().uri("/boom").exchange()
                .expectStatus().isEqualTo(500)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INTERNAL_ERROR")
                .jsonPath("$.detail").isEqualTo("an unexpected error occurred");
    }

    @Test
    void aLostDatabaseConnectionIsA503TheClientMayRetry() {
        http.get().uri("/database-gone").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail").isEqualTo("the database is unavailable; try again shortly");
    }
}
