package dev.flashsale.coupon.web;

import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.TestCoupons;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.web.IssueApiIT.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

@CouponIntegrationTest
class CouponDefinitionApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;

    @Test
    void definesAPercentageCouponAndReadsItBackWithItsRemainingQuantity() {
        long couponId = aCoupon(clock).percentage(10, 5_000L).minOrderAmount(10_000).quantity(100).validDays(7)
                .with("name", "10% off").create(http);

        http.get().uri("/api/v1/coupons/{id}", couponId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.couponId").isEqualTo(couponId)
                .jsonPath("$.name").isEqualTo("10% off")
                .jsonPath("$.discountType").isEqualTo("PERCENTAGE")
                .jsonPath("$.discountValue").isEqualTo(10)
                .jsonPath("$.maxDiscount").isEqualTo(5000)
                .jsonPath("$.minOrderAmount").isEqualTo(10000)
                .jsonPath("$.totalQuantity").isEqualTo(100)
                .jsonPath("$.remainingQuantity").isEqualTo(100)
                .jsonPath("$.validDays").isEqualTo(7)
                .jsonPath("$.issueStartsAt").value(String.class, at -> assertThat(at).endsWith("+09:00"));
    }

    @Test
    void answersTheCreatedCouponWithItsLocation() {
        http.post().uri("/api/v1/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .body(aCoupon(clock).fixedAmount(3_000).body()).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/coupons/\\d+")
                .expectBody()
                .jsonPath("$.discountType").isEqualTo("FIXED_AMOUNT")
                .jsonPath("$.remainingQuantity").isEqualTo(100)
                .jsonPath("$.maxDiscount").doesNotExist();
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                invalid("no name", c -> c.with("name", null)),
                invalid("zero quantity", c -> c.quantity(0)),
                invalid("negative quantity", c -> c.quantity(-5)),
                invalid("101 percent", c -> c.percentage(101, null)),
                invalid("zero percent", c -> c.percentage(0, null)),
                invalid("a negative fixed amount", c -> c.fixedAmount(-1_000)),
                invalid("a cap on a fixed amount", c -> c.with("maxDiscount", 500)),
                invalid("a zero cap", c -> c.percentage(10, 0L)),
                invalid("a negative minimum", c -> c.minOrderAmount(-1)),
                invalid("zero valid days", c -> c.validDays(0)),
                invalid("no valid days", c -> c.with("validDays", null)),
                invalid("a window ending before it starts", c -> c.window(Instant.now(), Instant.now().minusSeconds(60))),
                invalid("an unknown discount type", c -> c.with("discountType", "FREE_LUNCH")),
                invalid("a time without offset", c -> c.with("issueStartsAt", "tomorrow")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void refusesAnInvalidDefinitionWithValidationFailedAndStoresNothing(String what, UnaryOperator<TestCoupons> change) {
        long before = coupons();

        expectProblem(http.post().uri("/api/v1/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .body(change.apply(aCoupon(clock)).body()).exchange(), 400, "VALIDATION_FAILED");

        assertThat(coupons()).isEqualTo(before);
    }

    @Test
    void refusesMalformedJson() {
        expectProblem(http.post().uri("/api/v1/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": ").exchange(), 400, "VALIDATION_FAILED");
    }

    @Test
    void answersCouponNotFoundForAnUnknownCoupon() {
        expectProblem(http.get().uri("/api/v1/coupons/{id}", 987_654_321L).exchange(), 404, "COUPON_NOT_FOUND");
        expectProblem(http.get().uri("/api/v1/admin/coupons/{id}/audit", 987_654_321L).exchange(), 404, "COUPON_NOT_FOUND");
    }

    @Test
    void listsCouponsNewestFirst() {
        long older = aCoupon(clock).create(http);
        long newer = aCoupon(clock).create(http);

        http.get().uri("/api/v1/coupons?size=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].couponId").isEqualTo(newer)
                .jsonPath("$.items[1].couponId").isEqualTo(older)
                .jsonPath("$.size").isEqualTo(2);
    }

    private long coupons() {
        return jdbc.queryForObject("SELECT count(*) FROM coupon", Long.class);
    }

    private static Arguments invalid(String what, UnaryOperator<TestCoupons> change) {
        return Arguments.of(what, change);
    }
}
