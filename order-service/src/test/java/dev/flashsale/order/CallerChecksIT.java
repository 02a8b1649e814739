package dev.flashsale.order;

import dev.flashsale.order.support.OrderApi;
import dev.flashsale.testkit.GatewayCallers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order-service checks who calls, whoever reaches it: an order is placed only for the caller, read only by its owner
 * (only order-service knows whose it is), a user lists only their own orders, the operator paths need the admin role,
 * and a request without a caller identity the gateway signed gets nothing.
 */
@OrderIntegrationTest
class CallerChecksIT {

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;

    OrderApi orders;

    @BeforeEach
    void setUp() {
        orders = new OrderApi(http);
    }

    @Test
    void anOrderForAnotherUserIsForbiddenAndNotPlaced() {
        long me = newId();
        long other = newId();

        http.post().uri("/api/v1/orders").header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON).body(body(other, null, newId(), 1)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.detail").isEqualTo("a user may only read or act on their own user id");
        // A body that names two users is refused rather than read as the last one.
        http.post().uri("/api/v1/orders").header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": " + me + ", \"userId\": " + other + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");

        assertThat(ordersOf(other)).isZero();
        assertThat(ordersOf(me)).isZero();
    }

    @Test
    void onlyTheOwnerReadsAnOrderAndOthersLearnNothingOfIt() {
        long owner = newId();
        long orderId = orders.place(body(owner, null, newId(), 1));

        for (String path : new String[]{"/api/v1/orders/" + orderId, "/api/v1/orders/" + orderId + "?waitMs=5000"}) {
            http.get().uri(path).header(GatewayCallers.HEADER, GatewayCallers.user(newId())).exchange()
                    .expectStatus().isForbidden()
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.orderId").doesNotExist()
                    .jsonPath("$.status").isEqualTo(403);
        }
        http.get().uri("/api/v1/orders/" + orderId).header(GatewayCallers.HEADER, GatewayCallers.user(owner)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.orderId").isEqualTo(orderId).jsonPath("$.userId").isEqualTo(owner);
        http.get().uri("/api/v1/orders/" + orderId).header(GatewayCallers.HEADER, GatewayCallers.admin()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void anotherUsersOrderListIsForbidden() {
        long me = newId();
        http.get().uri("/api/v1/users/{id}/orders", newId()).header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/users/{id}/orders", me).header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void theOperatorPathsNeedTheAdminRole() {
        String user = GatewayCallers.user(newId());
        http.get().uri("/api/v1/admin/sagas?state=failed").header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("this needs the admin role");
        http.post().uri("/api/v1/admin/sagas/{id}/redrive", newId()).header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/admin/orders/audit").header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aRequestWithoutAValidCallerIdentityIsUnauthorizedAndPlacesNothing() {
        long me = newId();
        for (String identity : new String[]{"", "v1;u=" + me + ";r=;e=9999999999;s=forged", GatewayCallers.anonymous()}) {
            http.post().uri("/api/v1/orders").header(GatewayCallers.HEADER, identity)
                    .contentType(MediaType.APPLICATION_JSON).body(body(me, null, newId(), 1)).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }

        assertThat(ordersOf(me)).isZero();
    }

    private long ordersOf(long userId) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, userId);
    }
}
