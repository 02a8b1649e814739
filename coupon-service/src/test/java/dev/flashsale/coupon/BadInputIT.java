package dev.flashsale.coupon;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.BadInput;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.PoisonMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Bad input of every kind to every endpoint: each answer a 4xx problem with a stable code, and no coupon
 * defined or issued; poison on both consumed topics parked on their dead-letter topics while the next
 * message goes through.
 */
@CouponIntegrationTest
class BadInputIT {

    private static final long UNKNOWN = 987_654_321L;
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void everyEndpointAnswersBadInputWithAProblemAndChangesNothing() {
        long couponId = TestCoupons.aCoupon(clock).create(http);
        long userId = TestUsers.knownUser(jdbc);
        BadInput fuzz = BadInput.at("http://localhost:" + port).header(GatewayCallers.HEADER, GatewayCallers.admin());
        BadInput.Endpoint[] endpoints = {
                fuzz.endpoint("POST", "/api/v1/admin/coupons")
                        .body("""
                                {"name": "fuzz", "discountType": "FIXED_AMOUNT", "discountValue": 1000, "minOrderAmount": 0,
                                 "totalQuantity": 10, "issueStartsAt": "2030-01-01T00:00:00+09:00",
                                 "issueEndsAt": "2030-01-02T00:00:00+09:00", "validDays": 7}""")
                        .optional("minOrderAmount")
                        // no upper limit: a discount never exceeds the order, and a huge quantity or minimum is only unusual
                        .unbounded("discountValue", "minOrderAmount", "totalQuantity"),
                fuzz.endpoint("GET", "/api/v1/admin/coupons/{couponId}/audit", couponId).unknownPath(UNKNOWN),
                fuzz.endpoint("GET", "/api/v1/coupons").badQueries("page=-1", "page=abc", "size=0", "size=101"),
                fuzz.endpoint("GET", "/api/v1/coupons/{couponId}", couponId).unknownPath(UNKNOWN),
                fuzz.endpoint("POST", "/api/v1/coupons/{couponId}/issue", couponId).body("{\"userId\": " + userId + "}")
                        .unknownPath(UNKNOWN).unknownBodies("{\"userId\": " + TestUsers.unknownUser() + "}"),
                fuzz.endpoint("GET", "/api/v1/users/{userId}/coupons", userId)
                        .badQueries("status=BOGUS", "page=-1", "size=0", "size=101"),
                fuzz.endpoint("GET", "/api/v1/users/{userId}/coupons/{userCouponId}", userId, UNKNOWN)
                        .unknownPath(userId, UNKNOWN)};
        fuzz.runWithoutChange(context, this::state, endpoints);
    }

    @Test
    void poisonOnTheCommandTopicIsDeadLetteredWithoutHoldingUpTheNextCommand() {
        long orderId = 7_000_000L + TestUsers.unknownUser();
        PoisonMessages poison = PoisonMessages.of("UseCoupon");

        poison.sendAhead(codec.record(new UseCoupon(orderId, UNKNOWN, TestUsers.unknownUser(), 10_000), UUID.randomUUID(), SEOUL));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM coupon_use WHERE order_id = ?", orderId) == 1);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.COUPON_COMMANDS), Duration.ofSeconds(60));
    }

    @Test
    void poisonOnTheUserTopicIsDeadLetteredWithoutHoldingUpTheNextUser() {
        long userId = TestUsers.unknownUser();
        PoisonMessages poison = PoisonMessages.of("UserRegistered");

        poison.sendAhead(codec.record(new UserRegistered(userId, "after the poison"), UUID.randomUUID(), SEOUL));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM known_user WHERE user_id = ?", userId) == 1);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.USER_REGISTERED), Duration.ofSeconds(60));
    }

    /** What a request could change: definitions, counters, issued coupons, their uses, idempotency keys. */
    private List<Object> state() {
        return List.of(
                jdbc.queryForList("SELECT count(*), coalesce(sum(issued_quantity), 0) FROM coupon"),
                jdbc.queryForList("SELECT count(*), count(*) FILTER (WHERE status = 'USED') FROM user_coupon"),
                jdbc.queryForList("SELECT count(*) FROM coupon_use"),
                jdbc.queryForList("SELECT count(*) FROM known_user"),
                jdbc.queryForList("SELECT count(*) FROM messaging.idempotency_key"));
    }

    private long count(String sql, long id) {
        return jdbc.queryForObject(sql, Long.class, id);
    }
}
