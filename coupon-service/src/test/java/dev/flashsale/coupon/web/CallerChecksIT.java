package dev.flashsale.coupon.web;

import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.TestClock;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coupon-service checks who calls, whoever reaches it: a coupon is issued only to the caller, a user sees only their
 * own coupons, defining coupons needs the admin role, and a request without a caller identity the gateway signed gets
 * nothing.
 */
@CouponIntegrationTest
class CallerChecksIT {

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;

    @AfterEach
    void realTime() {
        TestClock.reset(clock);
    }

    @Test
    void aCouponForAnotherUserIsForbiddenAndNotIssued() {
        long couponId = aCoupon(clock).quantity(5).create(http);
        long me = knownUser(jdbc);
        long other = knownUser(jdbc);

        for (String body : new String[]{"{\"userId\": " + other + "}", "{\"userId\": " + me + ", \"userId\": " + other + "}"}) {
            http.post().uri("/api/v1/coupons/{id}/issue", couponId).header(GatewayCallers.HEADER, GatewayCallers.user(me))
                    .contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                    .expectStatus().is4xxClientError()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.post().uri("/api/v1/coupons/{id}/issue", couponId).header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + other + "}").exchange()
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.detail").isEqualTo("a user may only read or act on their own user id");

        assertThat(issuedRows(couponId)).isZero();
        http.post().uri("/api/v1/coupons/{id}/issue", couponId).header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + me + "}").exchange()
                .expectStatus().isCreated();
        assertThat(issuedRows(couponId)).isEqualTo(1);
    }

    @Test
    void anotherUsersCouponsAreForbidden() {
        long me = knownUser(jdbc);
        long other = knownUser(jdbc);

        http.get().uri("/api/v1/users/{id}/coupons", other).header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        http.get().uri("/api/v1/users/{id}/coupons/1", other).header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/users/{id}/coupons", me).header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void definingACouponNeedsTheAdminRole() {
        long me = knownUser(jdbc);
        Integer before = jdbc.queryForObject("SELECT count(*) FROM coupon", Integer.class);

        http.post().uri("/api/v1/admin/coupons").header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON).body(aCoupon(clock).body()).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("this needs the admin role");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM coupon", Integer.class)).isEqualTo(before);
    }

    @Test
    void aRequestWithoutAValidCallerIdentityIsUnauthorizedAndIssuesNothing() {
        long couponId = aCoupon(clock).quantity(5).create(http);
        long me = knownUser(jdbc);

        for (String identity : new String[]{"", "v1;u=" + me + ";r=;e=9999999999;s=forged", GatewayCallers.anonymous()}) {
            http.post().uri("/api/v1/coupons/{id}/issue", couponId).header(GatewayCallers.HEADER, identity)
                    .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + me + "}").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }

        assertThat(issuedRows(couponId)).isZero();
    }

    private long issuedRows(long couponId) {
        return jdbc.queryForObject("SELECT count(*) FROM user_coupon WHERE coupon_id = ?", Long.class, couponId);
    }
}
