package dev.flashsale.balance.web;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.balance.application.BalanceProperties;
import dev.flashsale.balance.application.BalanceView;
import dev.flashsale.balance.application.PaymentService;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.saga.DeductBalance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Flows 1 (charge) and 2 (look at a balance) of docs/flows.md and their error branches, through HTTP. */
@BalanceIntegrationTest
class BalanceApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BalanceProperties properties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PaymentService payments;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
    }

    @Test
    void chargingAddsTheAmountAndWritesALedgerEntry() {
        long userId = fixtures.newUser();

        assertThat(charge(userId, "{\"amount\": 10000}", null)).isEqualTo(new BalanceView(userId, 10_000));
        assertThat(charge(userId, "{\"amount\": 2500}", null)).isEqualTo(new BalanceView(userId, 12_500));

        assertThat(fixtures.storedBalance(userId)).contains(12_500L);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(2);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void lookingAtTheBalanceOfAUserWithoutOneCreatesItAtZero() {
        long userId = fixtures.newUser();
        assertThat(fixtures.storedBalance(userId)).isEmpty();

        http.get().uri("/api/v1/users/{id}/balance", userId).exchange()
                .expectStatus().isOk()
                .expectBody(BalanceView.class).isEqualTo(new BalanceView(userId, 0));

        assertThat(fixtures.storedBalance(userId)).contains(0L);
        assertThat(fixtures.ledgerEntries(userId)).isZero();
    }

    @Test
    void lookingAtAnExistingBalanceReturnsIt() {
        long userId = fixtures.newUser();
        charge(userId, "{\"amount\": 7000}", null);

        http.get().uri("/api/v1/users/{id}/balance", userId).exchange()
                .expectStatus().isOk()
                .expectBody(BalanceView.class).isEqualTo(new BalanceView(userId, 7_000));
    }

    @Test
    void theBalanceOfAnUnknownUserIsUserNotFoundAndCreatesNothing() {
        long unknown = unknownUserId();

        expectProblem(http.get().uri("/api/v1/users/{id}/balance", unknown).exchange(), HttpStatus.NOT_FOUND, "USER_NOT_FOUND");

        assertThat(fixtures.storedBalance(unknown)).isEmpty();
    }

    @Test
    void chargingAnUnknownUserIsUserNotFoundAndCreatesNothing() {
        long unknown = unknownUserId();
        double rejectedBefore = rejections("USER_NOT_FOUND");

        expectProblem(post(unknown, "{\"amount\": 1000}", null), HttpStatus.NOT_FOUND, "USER_NOT_FOUND");

        assertThat(fixtures.storedBalance(unknown)).isEmpty();
        assertThat(fixtures.ledgerEntries(unknown)).isZero();
        assertThat(rejections("USER_NOT_FOUND")).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void aChargeThatIsNotAPositiveWholeAmountIsValidationFailedAndChangesNothing() {
        long userId = fixtures.newUser();
        charge(userId, "{\"amount\": 500}", null);

        for (String body : new String[]{"{\"amount\": 0}", "{\"amount\": -100}", "{}", "{\"amount\": null}",
                "{\"amount\": 100.5}", "{\"amount\": \"lots\"}", "{\"amount\": 99999999999999999999}", "not json", ""}) {
            expectProblem(post(userId, body, null), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
        }

        assertThat(fixtures.storedBalance(userId)).contains(500L);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(1);
    }

    @Test
    void aChargePastTheMaximumIsBalanceLimitExceededAndChangesNothing() {
        long max = properties.maxBalance();
        long userId = fixtures.newUser();
        charge(userId, "{\"amount\": " + (max - 1000) + "}", null);
        double rejectedBefore = rejections("BALANCE_LIMIT_EXCEEDED");

        expectProblem(post(userId, "{\"amount\": 1001}", null), HttpStatus.CONFLICT, "BALANCE_LIMIT_EXCEEDED");
        expectProblem(post(userId, "{\"amount\": " + Long.MAX_VALUE + "}", null), HttpStatus.CONFLICT, "BALANCE_LIMIT_EXCEEDED");

        assertThat(fixtures.storedBalance(userId)).contains(max - 1000);
        assertThat(charge(userId, "{\"amount\": 1000}", null).balance()).isEqualTo(max);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(2);
        assertThat(rejections("BALANCE_LIMIT_EXCEEDED")).isEqualTo(rejectedBefore + 2);
    }

    @Test
    void aFirstChargePastTheMaximumIsRefusedToo() {
        long userId = fixtures.newUser();

        expectProblem(post(userId, "{\"amount\": " + (properties.maxBalance() + 1) + "}", null),
                HttpStatus.CONFLICT, "BALANCE_LIMIT_EXCEEDED");

        assertThat(fixtures.storedBalance(userId)).isEmpty();
    }

    @Test
    void aRetriedChargeWithTheSameIdempotencyKeyAnswersTheSameAndChargesOnce() {
        long userId = fixtures.newUser();
        String key = UUID.randomUUID().toString();

        BalanceView first = charge(userId, "{\"amount\": 3000}", key);
        charge(userId, "{\"amount\": 1000}", null);
        BalanceView retry = charge(userId, "{\"amount\": 3000}", key);

        assertThat(retry).isEqualTo(first).isEqualTo(new BalanceView(userId, 3_000));
        assertThat(fixtures.storedBalance(userId)).contains(4_000L);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(2);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherAmountIsRefused() {
        long userId = fixtures.newUser();
        String key = UUID.randomUUID().toString();
        charge(userId, "{\"amount\": 3000}", key);

        expectProblem(post(userId, "{\"amount\": 3001}", key), HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED");

        assertThat(fixtures.storedBalance(userId)).contains(3_000L);
    }

    @Test
    void anIdempotencyKeyBelongsToOneUser() {
        long kim = fixtures.newUser();
        long lee = fixtures.newUser();
        String key = UUID.randomUUID().toString();

        charge(kim, "{\"amount\": 3000}", key);
        charge(lee, "{\"amount\": 3000}", key);

        assertThat(fixtures.storedBalance(kim)).contains(3_000L);
        assertThat(fixtures.storedBalance(lee)).contains(3_000L);
    }

    @Test
    void aRefusedChargeKeepsNoIdempotencyKeySoItsRetryMaySucceed() {
        long userId = fixtures.newUser();
        String key = UUID.randomUUID().toString();
        charge(userId, "{\"amount\": " + properties.maxBalance() + "}", null);
        expectProblem(post(userId, "{\"amount\": 1}", key), HttpStatus.CONFLICT, "BALANCE_LIMIT_EXCEEDED");
        payments.deduct(new DeductBalance(Fixtures.nextOrderId(), userId, 1));

        assertThat(charge(userId, "{\"amount\": 1}", key)).isEqualTo(new BalanceView(userId, properties.maxBalance()));
    }

    @Test
    void aUserIdThatIsNotAPositiveNumberIsValidationFailed() {
        expectProblem(http.get().uri("/api/v1/users/abc/balance").exchange(), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
        expectProblem(http.get().uri("/api/v1/users/0/balance").exchange(), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
        expectProblem(post(-3, "{\"amount\": 1000}", null), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    }

    @Test
    void theAuditFindsEveryWonAccountedFor() {
        long userId = fixtures.newUser();
        charge(userId, "{\"amount\": 4200}", null);

        http.get().uri("/api/v1/admin/balance/audit").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.consistent").isEqualTo(true)
                .jsonPath("$.negativeBalances").isEqualTo(0)
                .jsonPath("$.ledgerMismatches").isEqualTo(0)
                .jsonPath("$.ledgerBreaks").isEqualTo(0)
                .jsonPath("$.users").value(Number.class, users -> assertThat(users.longValue()).isPositive())
                .jsonPath("$.totalCharged").value(Number.class, total -> assertThat(total.longValue()).isGreaterThanOrEqualTo(4200));
    }

    private BalanceView charge(long userId, String body, String idempotencyKey) {
        return post(userId, body, idempotencyKey).expectStatus().isOk().expectBody(BalanceView.class).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec post(long userId, String body, String idempotencyKey) {
        return Fixtures.postCharge(http, userId, body, idempotencyKey);
    }

    static void expectProblem(RestTestClient.ResponseSpec response, HttpStatus status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.detail").exists();
    }

    private long unknownUserId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) + 1000000 FROM users").query(Long.class).single();
    }

    private double rejections(String code) {
        Counter counter = meters.find("balance.rejections").tag("operation", "charge").tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
