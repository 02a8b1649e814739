package dev.flashsale.balance;

import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.BadInput;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.PoisonMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Bad input of every kind to every endpoint: each answer a 4xx problem with a stable code, and not a row
 * changed; poison on the command topic parked on its dead-letter topic while the next command goes through.
 */
@BalanceIntegrationTest
class BadInputIT {

    private static final long UNKNOWN = 987_654_321L;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageCodec codec;

    @Test
    void everyEndpointAnswersBadInputWithAProblemAndChangesNothing() {
        long userId = new Fixtures(users, jdbc).newUser();
        BadInput fuzz = BadInput.at("http://localhost:" + port).header(GatewayCallers.HEADER, GatewayCallers.admin());
        BadInput.Endpoint[] endpoints = endpoints(fuzz, userId);
        fuzz.runWithoutChange(context, this::state, endpoints);
    }

    @Test
    void poisonOnTheCommandTopicIsDeadLetteredWithoutHoldingUpTheNextCommand() {
        long userId = new Fixtures(users, jdbc).newUser();
        long orderId = Fixtures.nextOrderId();
        PoisonMessages poison = PoisonMessages.of("DeductBalance");

        poison.sendAhead(codec.record(new DeductBalance(orderId, userId, 0), UUID.randomUUID(), ZoneId.of("Asia/Seoul")));

        await().atMost(Duration.ofSeconds(60)).until(() -> paymentStatus(orderId) != null);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.BALANCE_COMMANDS), Duration.ofSeconds(60));
    }

    private static BadInput.Endpoint[] endpoints(BadInput fuzz, long userId) {
        return new BadInput.Endpoint[]{
                fuzz.endpoint("POST", "/api/v1/admin/users").body("{\"name\": \"fuzz\"}"),
                fuzz.endpoint("GET", "/api/v1/users/{userId}", userId).unknownPath(UNKNOWN),
                fuzz.endpoint("GET", "/api/v1/users/{userId}/balance", userId).unknownPath(UNKNOWN),
                fuzz.endpoint("POST", "/api/v1/users/{userId}/balance/charge", userId).body("{\"amount\": 1000}")
                        .unknownPath(UNKNOWN),
                fuzz.endpoint("GET", "/api/v1/users/{userId}/balance/history", userId).unknownPath(UNKNOWN)
                        .badQueries("page=-1", "page=abc", "size=0", "size=101", "size=99999999999999999999"),
                fuzz.endpoint("GET", "/api/v1/admin/balance/audit")};
    }

    /** Everything a request could change: the audit's sums and the rows of every table. */
    private List<Object> state() {
        return List.of(
                jdbc.sql("SELECT count(*) FROM users").query(Long.class).single(),
                jdbc.sql("SELECT count(*), coalesce(sum(amount), 0) FROM balance").query().listOfRows(),
                jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM payment").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM messaging.idempotency_key").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM messaging.outbox").query(Long.class).single());
    }

    private String paymentStatus(long orderId) {
        return jdbc.sql("SELECT status FROM payment WHERE order_id = ?").param(orderId).query(String.class).optional().orElse(null);
    }
}
