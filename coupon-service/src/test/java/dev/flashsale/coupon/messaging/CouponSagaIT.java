package dev.flashsale.coupon.messaging;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.TestClock;
import dev.flashsale.coupon.application.CouponIssuance;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.MutableClock;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coupon step of the order saga (flow 5 of docs/flows.md: UNUSED check, expiry check, DiscountPolicy, USED with
 * the time), through the real broker: commands in on the coupon-commands topic, replies out through the
 * outbox on the saga-replies topic, redeliveries and orchestrator retries included.
 */
@CouponIntegrationTest
class CouponSagaIT {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MessageCodec codec;
    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    CouponIssuance issuance;

    @AfterEach
    void realTime() {
        TestClock.reset(clock);
    }

    @Test
    void appliesThePolicysDiscountMarksTheCouponUsedAndAnswersARedeliveryAndARetryTheSame() throws Exception {
        long user = knownUser(jdbc);
        long userCoupon = issue(aCoupon(clock).percentage(10, 5_000L).minOrderAmount(10_000).create(http), user);
        long order = newOrderId();
        UUID eventId = UUID.randomUUID();

        send(new UseCoupon(order, userCoupon, user, 38_000), eventId);
        send(new UseCoupon(order, userCoupon, user, 38_000), eventId);        // the broker delivers it again
        send(new UseCoupon(order, userCoupon, user, 38_000), UUID.randomUUID()); // the orchestrator retries

        List<ConsumerRecord<String, String>> replies = repliesFor(order, 2);
        assertThat(replies).hasSize(2).allSatisfy(reply ->
                assertThat(codec.payload(codec.decode(reply.value()), CouponApplied.class))
                        .isEqualTo(new CouponApplied(order, userCoupon, 3_800)));
        Map<String, Object> row = userCouponRow(userCoupon);
        assertThat(row).containsEntry("status", "USED").containsEntry("used_order_id", order);
        assertThat(row.get("used_at")).isNotNull();
    }

    @Test
    void rejectsACouponAlreadyUsedByAnotherOrderAndKeepsItWithTheFirst() {
        long user = knownUser(jdbc);
        long userCoupon = issue(aCoupon(clock).fixedAmount(3_000).create(http), user);
        long first = newOrderId();
        long second = newOrderId();

        send(new UseCoupon(first, userCoupon, user, 20_000), UUID.randomUUID());
        assertThat(reply(first)).isEqualTo(new CouponApplied(first, userCoupon, 3_000));
        send(new UseCoupon(second, userCoupon, user, 20_000), UUID.randomUUID());

        assertRejected(reply(second), ErrorCode.COUPON_NOT_USABLE);
        assertThat(userCouponRow(userCoupon)).containsEntry("used_order_id", first);
    }

    @Test
    void rejectsSomeoneElsesCouponAnUnknownCouponAndAnOrderBelowTheMinimumAsNotUsable() {
        long owner = knownUser(jdbc);
        long userCoupon = issue(aCoupon(clock).fixedAmount(3_000).minOrderAmount(20_000).create(http), owner);
        long notOwner = newOrderId();
        long unknown = newOrderId();
        long tooSmall = newOrderId();

        send(new UseCoupon(notOwner, userCoupon, knownUser(jdbc), 50_000), UUID.randomUUID());
        send(new UseCoupon(unknown, 999_999_999L, owner, 50_000), UUID.randomUUID());
        send(new UseCoupon(tooSmall, userCoupon, owner, 19_999), UUID.randomUUID());

        assertRejected(reply(notOwner), ErrorCode.COUPON_NOT_USABLE);
        assertRejected(reply(unknown), ErrorCode.COUPON_NOT_USABLE);
        assertRejected(reply(tooSmall), ErrorCode.COUPON_NOT_USABLE);
        assertThat(userCouponRow(userCoupon)).containsEntry("status", "UNUSED");
    }

    @Test
    void rejectsAnExpiredCouponAsExpired() {
        long user = knownUser(jdbc);
        Instant now = clock.instant();
        clock.set(now.minus(Duration.ofDays(3)));
        long userCoupon = issue(aCoupon(clock).validDays(3).create(http), user);
        TestClock.reset(clock);
        long order = newOrderId();

        send(new UseCoupon(order, userCoupon, user, 20_000), UUID.randomUUID());

        assertRejected(reply(order), ErrorCode.COUPON_EXPIRED);
        assertThat(userCouponRow(userCoupon)).containsEntry("status", "UNUSED");
    }

    @Test
    void restoresTheCouponOfTheOrderThatUsedItOnceAndClosesTheOrdersStep() {
        long user = knownUser(jdbc);
        long userCoupon = issue(aCoupon(clock).create(http), user);
        long order = newOrderId();
        send(new UseCoupon(order, userCoupon, user, 20_000), UUID.randomUUID());
        assertThat(reply(order)).isInstanceOf(CouponApplied.class);
        UUID restore = UUID.randomUUID();

        send(new RestoreCoupon(order, userCoupon), restore);
        send(new RestoreCoupon(order, userCoupon), restore);                 // redelivered
        send(new RestoreCoupon(order, userCoupon), UUID.randomUUID());       // retried
        send(new UseCoupon(order, userCoupon, user, 20_000), UUID.randomUUID()); // a late retry of the use

        List<ConsumerRecord<String, String>> replies = repliesFor(order, 4);
        assertThat(replies.stream().map(r -> codec.decode(r.value()).envelope().type()))
                .containsExactly("CouponApplied", "CouponRestored", "CouponRestored", "CouponRejected");
        assertThat(userCouponRow(userCoupon)).containsEntry("status", "UNUSED").containsEntry("used_order_id", null);

        long next = newOrderId();
        send(new UseCoupon(next, userCoupon, user, 20_000), UUID.randomUUID());
        assertThat(reply(next)).as("the restored coupon serves another order").isInstanceOf(CouponApplied.class);
    }

    @Test
    void answersRestoredForAnOrderThatNeverUsedTheCouponAndChangesNothing() {
        long user = knownUser(jdbc);
        long userCoupon = issue(aCoupon(clock).create(http), user);
        long owner = newOrderId();
        long stranger = newOrderId();
        send(new UseCoupon(owner, userCoupon, user, 20_000), UUID.randomUUID());
        assertThat(reply(owner)).isInstanceOf(CouponApplied.class);

        send(new RestoreCoupon(stranger, userCoupon), UUID.randomUUID());

        assertThat(reply(stranger)).isEqualTo(new CouponRestored(stranger, userCoupon));
        assertThat(userCouponRow(userCoupon)).containsEntry("status", "USED").containsEntry("used_order_id", owner);
    }

    private long issue(long couponId, long userId) {
        return issuance.issue(couponId, userId).join().userCouponId();
    }

    private void send(Message command, UUID eventId) {
        ProducerRecord<String, String> record = codec.record(command, eventId, SEOUL);
        try {
            kafka.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + command, e);
        }
    }

    /** The one reply to the order, as its message record. */
    private Message reply(long orderId) {
        ConsumerRecord<String, String> reply = repliesFor(orderId, 1).get(0);
        MessageCodec.IncomingMessage incoming = codec.decode(reply.value());
        Class<? extends Message> type = switch (incoming.envelope().type()) {
            case "CouponApplied" -> CouponApplied.class;
            case "CouponRejected" -> CouponRejected.class;
            case "CouponRestored" -> CouponRestored.class;
            default -> throw new AssertionError("not a coupon reply: " + reply.value());
        };
        return codec.payload(incoming, type);
    }

    /** Waits for {@code count} replies with distinct event ids to the order, and a moment longer for any extra. */
    private List<ConsumerRecord<String, String>> repliesFor(long orderId, int count) {
        try (TopicReader replies = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES)) {
            replies.readUntil(seen -> distinctReplies(seen, orderId).size() >= count, WAIT);
            List<ConsumerRecord<String, String>> all = distinctReplies(replies.readFor(Duration.ofMillis(500)), orderId);
            assertThat(all).as("replies to order %d", orderId).hasSize(count);
            return all;
        }
    }

    private List<ConsumerRecord<String, String>> distinctReplies(List<ConsumerRecord<String, String>> records, long orderId) {
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        return records.stream()
                .filter(r -> r.key().equals(Long.toString(orderId)))
                .filter(r -> seen.add(codec.decode(r.value()).envelope().eventId()))
                .toList();
    }

    private static void assertRejected(Message reply, ErrorCode reason) {
        assertThat(reply).isInstanceOfSatisfying(CouponRejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).isNotBlank();
        });
    }

    private Map<String, Object> userCouponRow(long userCouponId) {
        return jdbc.queryForMap("SELECT status, used_order_id, used_at FROM user_coupon WHERE id = ?", userCouponId);
    }

    private static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 40);
    }
}
