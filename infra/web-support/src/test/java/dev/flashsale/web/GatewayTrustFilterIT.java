package dev.flashsale.web;

import dev.flashsale.web.testapp.ProblemTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A service deployed with {@code GATEWAY_SECRET} set: only requests that carry it get in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemTestApplication.class, properties = "GATEWAY_SECRET=s3cret-shared-with-the-gateway")
@AutoConfigureRestTestClient
class GatewayTrustFilterIT {

    private static final String SECRET = "s3cret-shared-with-the-gateway";

    @Autowired
    RestTestClient http;

    @Test
    void aRequestWithoutTheSecretIsRefusedAsForbidden() {
        http.get().uri("/things/12").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").isEqualTo("request did not come through the gateway");
    }

    @Test
    void aWrongSecretIsRefusedToo() {
        http.get().uri("/things/12").header(GatewayHeaders.SECRET, SECRET + "x").exchange()
                .expectStatus().isForbidden();
        http.get().uri("/things/12").header(GatewayHeaders.SECRET, SECRET.substring(1)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/things/12").header(GatewayHeaders.SECRET, "").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aRequestWithTheSecretReachesTheService() {
        http.get().uri("/things/12").header(GatewayHeaders.SECRET, SECRET).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("PRODUCT_NOT_FOUND");
    }

    @Test
    void nothingIsChangedByARefusedRequest() {
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": 5}").exchange()
                .expectStatus().isForbidden();
        http.post().uri("/charges").header(GatewayHeaders.SECRET, SECRET)
                .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": 5}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.amount").isEqualTo(5);
    }

    @Test
    void anotherSpellingOfAGuardedPathIsStillGuarded() {
        http.get().uri("/%74hings/12").exchange().expectStatus().isForbidden();
        http.get().uri("/actuator/../things/12").exchange().expectStatus().isForbidden();
        http.get().uri("/actuator;x=1/../things/12").exchange().expectStatus().isForbidden();
    }

    @Test
    void probesAndMetricsStayOpen() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
