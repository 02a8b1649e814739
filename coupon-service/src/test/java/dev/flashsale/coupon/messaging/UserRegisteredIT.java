package dev.flashsale.coupon.messaging;

import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.TestUsers;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.web.IssueApiIT.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Users come to know this service through balance-service's UserRegistered events, not through HTTP calls. */
@CouponIntegrationTest
class UserRegisteredIT {

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

    @Test
    void aUserAnnouncedOnTheBrokerCanBeIssuedACouponAndARedeliveryChangesNothing() throws Exception {
        long couponId = aCoupon(clock).create(http);
        long user = TestUsers.unknownUser();
        issue(http, couponId, user).expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("USER_NOT_FOUND");
        UUID eventId = UUID.randomUUID();

        kafka.send(codec.record(new UserRegistered(user, "kim"), eventId, ZoneId.of("Asia/Seoul"))).get();
        kafka.send(codec.record(new UserRegistered(user, "kim"), eventId, ZoneId.of("Asia/Seoul"))).get();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> issue(http, couponId, user).expectStatus().isCreated());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM known_user WHERE user_id = ?", Long.class, user)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.inbox WHERE event_id = ?", Long.class, eventId))
                .isEqualTo(1);
    }
}
