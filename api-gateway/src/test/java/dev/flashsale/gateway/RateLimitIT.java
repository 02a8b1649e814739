package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Coupon issue and order submission allow 3 requests per user per minute here (see {@link GatewayIntegrationTest}). */
@GatewayIntegrationTest
class RateLimitIT {

    private static final int LIMIT = 3;

    @Autowired
    RestTestClient http;

    @Test
    void aUserOverTheCouponIssueLimitIsToldToComeBackLaterAndTheServiceSeesNothing() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/coupons/" + me + "/issue";
        for (int request = 0; request < LIMIT; request++) {
            issue(me, path).expectStatus().is2xxSuccessful();
        }

        issue(me, path)
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, retryAfter ->
                        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60))
                .expectBody()
                .jsonPath("$.code").isEqualTo("RATE_LIMITED")
                .jsonPath("$.status").isEqualTo(429);

        assertThat(StubServices.coupon().requestsTo(path)).hasSize(LIMIT);
    }

    @Test
    void theLimitIsPerUser() {
        long greedy = TestTokens.newUserId();
        long patient = TestTokens.newUserId();
        String path = "/api/v1/coupons/" + greedy + "/issue";
        for (int request = 0; request <= LIMIT; request++) {
            issue(greedy, path);
        }
        issue(greedy, path).expectStatus().isEqualTo(429);

        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(patient))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + patient + "}").exchange()
                .expectStatus().is2xxSuccessful();
    }

    @Test
    void theLimitIsPerRoute() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/coupons/" + me + "/issue";
        for (int request = 0; request <= LIMIT; request++) {
            issue(me, path);
        }
        issue(me, path).expectStatus().isEqualTo(429);

        http.post().uri("/api/v1/orders").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": " + me + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}").exchange()
                .expectStatus().is2xxSuccessful();
        http.get().uri("/api/v1/users/" + me + "/coupons").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful();
    }

    @Test
    void concurrentOrderSubmissionsOfOneUserLetExactlyTheLimitThrough() throws Exception {
        long me = TestTokens.newUserId();
        String body = "{\"userId\": " + me + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}";
        String token = TestTokens.user(me);
        int attempts = 24;
        List<Callable<Integer>> submissions = new ArrayList<>();
        for (int attempt = 0; attempt < attempts; attempt++) {
            submissions.add(() -> http.post().uri("/api/v1/orders").header(HttpHeaders.AUTHORIZATION, token)
                    .contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                    .returnResult(String.class).getStatus().value());
        }
        ExecutorService clients = Executors.newFixedThreadPool(12);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : clients.invokeAll(submissions)) {
                statuses.add(status.get());
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(statuses).filteredOn(status -> status / 100 == 2).hasSize(LIMIT);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(attempts - LIMIT);
        assertThat(StubServices.order().requestsTo("/api/v1/orders")).filteredOn(request -> request.body().equals(body)).hasSize(LIMIT);
    }

    private RestTestClient.ResponseSpec issue(long userId, String path) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + userId + "}").exchange();
    }
}
