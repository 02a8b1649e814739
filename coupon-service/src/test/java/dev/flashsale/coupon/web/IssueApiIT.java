package dev.flashsale.coupon.web;

import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.TestClock;
import dev.flashsale.coupon.application.CouponUsage;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static dev.flashsale.coupon.TestUsers.unknownUser;
import static org.assertj.core.api.Assertions.assertThat;

/** Flows 3 (issue a coupon) and 4 (list owned coupons), and every error branch of them (docs/flows.md). */
@CouponIntegrationTest
public class IssueApiIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    CouponUsage usage;

    @AfterEach
    void realTime() {
        TestClock.reset(clock);
    }

    @Test
    void issuesACouponThatExpiresItsValidDaysLaterAndCountsItOffTheRemainder() {
        long couponId = aCoupon(clock).quantity(3).validDays(7).create(http);
        long user = knownUser(jdbc);

        Map<String, Object> issued = issue(couponId, user).expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/users/" + user + "/coupons/\\d+")
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(issued).containsEntry("couponId", (int) couponId).containsEntry("userId", (int) user)
                .containsEntry("status", "UNUSED");
        OffsetDateTime issuedAt = OffsetDateTime.parse((String) issued.get("issuedAt"));
        OffsetDateTime expiresAt = OffsetDateTime.parse((String) issued.get("expiresAt"));
        assertThat(Duration.between(issuedAt, expiresAt)).isEqualTo(Duration.ofDays(7));
        assertThat(expiresAt.getOffset().getId()).isEqualTo("+09:00");
        http.get().uri("/api/v1/coupons/{id}", couponId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.remainingQuantity").isEqualTo(2)
                .jsonPath("$.issuedQuantity").isEqualTo(1);
    }

    @Test
    void answersAlreadyIssuedToASecondRequestOfTheSameUser() {
        long couponId = aCoupon(clock).create(http);
        long user = knownUser(jdbc);
        issue(couponId, user).expectStatus().isCreated();

        expectProblem(issue(couponId, user), 409, "COUPON_ALREADY_ISSUED");

        assertThat(issuedRows(couponId)).isEqualTo(1);
    }

    @Test
    void answersSoldOutOnceNoneRemainAndNeverIssuesMore() {
        long couponId = aCoupon(clock).quantity(1).create(http);
        issue(couponId, knownUser(jdbc)).expectStatus().isCreated();

        expectProblem(issue(couponId, knownUser(jdbc)), 409, "COUPON_SOLD_OUT");
        expectProblem(issue(couponId, knownUser(jdbc)), 409, "COUPON_SOLD_OUT");

        assertThat(issuedRows(couponId)).isEqualTo(1);
        http.get().uri("/api/v1/coupons/{id}", couponId).exchange()
                .expectBody().jsonPath("$.remainingQuantity").isEqualTo(0);
    }

    @Test
    void answersUserNotFoundForAUserBalanceServiceNeverAnnounced() {
        long couponId = aCoupon(clock).create(http);

        expectProblem(issue(couponId, unknownUser()), 404, "USER_NOT_FOUND");

        assertThat(issuedRows(couponId)).isZero();
    }

    @Test
    void answersCouponNotFoundForAnUnknownCoupon() {
        expectProblem(issue(987_654_321L, knownUser(jdbc)), 404, "COUPON_NOT_FOUND");
    }

    @Test
    void answersNotIssuableBeforeAndAfterTheIssueWindow() {
        Instant now = clock.instant();
        long notYet = aCoupon(clock).window(now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(2))).create(http);
        long over = aCoupon(clock).window(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))).create(http);
        long user = knownUser(jdbc);

        expectProblem(issue(notYet, user), 409, "COUPON_NOT_ISSUABLE");
        expectProblem(issue(over, user), 409, "COUPON_NOT_ISSUABLE");

        clock.advance(Duration.ofMinutes(31));
        issue(notYet, user).expectStatus().isCreated();
    }

    @Test
    void refusesAnIssueRequestWithoutAValidUser() {
        long couponId = aCoupon(clock).create(http);

        expectProblem(http.post().uri("/api/v1/coupons/{id}/issue", couponId).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of()).exchange(), 400, "VALIDATION_FAILED");
        expectProblem(issue(couponId, -3), 400, "VALIDATION_FAILED");
        expectProblem(http.post().uri("/api/v1/coupons/{id}/issue", couponId).contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": ").exchange(), 400, "VALIDATION_FAILED");
        expectProblem(issue(0, knownUser(jdbc)), 400, "VALIDATION_FAILED");

        assertThat(issuedRows(couponId)).isZero();
    }

    @Test
    void listsAUsersCouponsByStatusWithExpiredDerivedFromTheClock() {
        long user = knownUser(jdbc);
        clock.set(clock.instant().minus(Duration.ofDays(1)));
        long toExpire = userCouponId(issue(aCoupon(clock).validDays(1).create(http), user));
        TestClock.reset(clock);
        long toUse = userCouponId(issue(aCoupon(clock).validDays(30).create(http), user));
        long toKeep = userCouponId(issue(aCoupon(clock).percentage(10, 5_000L).validDays(30).create(http), user));
        usage.use(new UseCoupon(orderId(), toUse, user, 20_000));

        assertThat(ids(list(user, null))).containsExactly(toKeep, toUse, toExpire);
        assertThat(ids(list(user, "UNUSED"))).containsExactly(toKeep);
        assertThat(ids(list(user, "USED"))).containsExactly(toUse);
        assertThat(ids(list(user, "EXPIRED"))).containsExactly(toExpire);
        http.get().uri("/api/v1/users/{user}/coupons/{id}", user, toUse).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("USED")
                .jsonPath("$.orderId").isNumber()
                .jsonPath("$.usedAt").isNotEmpty()
                .jsonPath("$.couponName").isEqualTo("test coupon");
        http.get().uri("/api/v1/users/{user}/coupons/{id}", user, toKeep).exchange()
                .expectBody()
                .jsonPath("$.discountType").isEqualTo("PERCENTAGE")
                .jsonPath("$.maxDiscount").isEqualTo(5000);
    }

    @Test
    void showsNoCouponOfAnotherUser() {
        long owner = knownUser(jdbc);
        long userCouponId = userCouponId(issue(aCoupon(clock).create(http), owner));

        expectProblem(http.get().uri("/api/v1/users/{user}/coupons/{id}", knownUser(jdbc), userCouponId).exchange(),
                404, "COUPON_NOT_FOUND");
        assertThat(ids(list(knownUser(jdbc), null))).isEmpty();
    }

    @Test
    void refusesAnUnknownStatusFilter() {
        expectProblem(http.get().uri("/api/v1/users/{user}/coupons?status=LOST", knownUser(jdbc)).exchange(),
                400, "VALIDATION_FAILED");
    }

    private RestTestClient.ResponseSpec issue(long couponId, long userId) {
        return issue(http, couponId, userId);
    }

    /** {@code POST /api/v1/coupons/{couponId}/issue {"userId": userId}}. */
    public static RestTestClient.ResponseSpec issue(RestTestClient http, long couponId, long userId) {
        return http.post().uri("/api/v1/coupons/{id}/issue", couponId).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("userId", userId)).exchange();
    }

    private static long userCouponId(RestTestClient.ResponseSpec response) {
        Map<String, Object> body = response.expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        return ((Number) body.get("userCouponId")).longValue();
    }

    private Map<String, Object> list(long user, String status) {
        String uri = "/api/v1/users/" + user + "/coupons" + (status == null ? "" : "?status=" + status);
        return http.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
    }

    private static List<Long> ids(Map<String, Object> page) {
        return ((List<?>) page.get("items")).stream()
                .map(item -> ((Number) ((Map<?, ?>) item).get("userCouponId")).longValue()).toList();
    }

    private long issuedRows(long couponId) {
        return jdbc.queryForObject("SELECT count(*) FROM user_coupon WHERE coupon_id = ?", Long.class, couponId);
    }

    private static long orderId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 40);
    }

    public static void expectProblem(RestTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
