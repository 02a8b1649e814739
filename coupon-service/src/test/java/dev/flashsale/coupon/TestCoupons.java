package dev.flashsale.coupon;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Coupon definitions for tests: {@code aCoupon(clock).quantity(100).percentage(10, 5_000L).create(http)}.
 * By default 1,000 won off, 100 of them, issuable from an hour ago for a day, valid 7 days.
 */
public final class TestCoupons {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final Map<String, Object> body = new LinkedHashMap<>();

    private TestCoupons(Instant now) {
        body.put("name", "test coupon");
        body.put("discountType", "FIXED_AMOUNT");
        body.put("discountValue", 1_000);
        body.put("maxDiscount", null);
        body.put("minOrderAmount", 0);
        body.put("totalQuantity", 100);
        window(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        body.put("validDays", 7);
    }

    public static TestCoupons aCoupon(Clock clock) {
        return new TestCoupons(clock.instant());
    }

    public TestCoupons quantity(long totalQuantity) {
        return with("totalQuantity", totalQuantity);
    }

    public TestCoupons fixedAmount(long won) {
        body.put("discountType", "FIXED_AMOUNT");
        body.put("maxDiscount", null);
        return with("discountValue", won);
    }

    public TestCoupons percentage(long percent, Long maxDiscount) {
        body.put("discountType", "PERCENTAGE");
        body.put("maxDiscount", maxDiscount);
        return with("discountValue", percent);
    }

    public TestCoupons minOrderAmount(long won) {
        return with("minOrderAmount", won);
    }

    public TestCoupons validDays(int days) {
        return with("validDays", days);
    }

    public TestCoupons window(Instant startsAt, Instant endsAt) {
        body.put("issueStartsAt", OffsetDateTime.ofInstant(startsAt, SEOUL).toString());
        return with("issueEndsAt", OffsetDateTime.ofInstant(endsAt, SEOUL).toString());
    }

    public TestCoupons with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    public Map<String, Object> body() {
        return new LinkedHashMap<>(body);
    }

    /** Defines the coupon through the admin API; returns its id. */
    public long create(RestTestClient http) {
        Map<?, ?> created = http.post().uri("/api/v1/admin/coupons").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) Objects.requireNonNull(created).get("couponId")).longValue();
    }
}
