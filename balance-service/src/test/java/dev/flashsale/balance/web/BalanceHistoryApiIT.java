package dev.flashsale.balance.web;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.balance.application.BalanceService;
import dev.flashsale.balance.application.PaymentService;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.balance.web.BalanceApiIT.expectProblem;

@BalanceIntegrationTest
class BalanceHistoryApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    UserService users;
    @Autowired
    BalanceService balances;
    @Autowired
    PaymentService payments;
    @Autowired
    JdbcClient jdbc;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
    }

    @Test
    void listsChargesPaymentsAndRefundsNewestFirstWithTheBalanceAfterEach() {
        long userId = fixtures.newUser();
        long orderId = Fixtures.nextOrderId();
        balances.charge(userId, 10_000, null);
        payments.deduct(new DeductBalance(orderId, userId, 3_000));
        payments.refund(new RefundBalance(orderId, userId));

        http.get().uri("/api/v1/users/{id}/balance/history", userId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(3)
                .jsonPath("$.page").isEqualTo(0)
                .jsonPath("$.size").isEqualTo(20)
                .jsonPath("$.items[0].type").isEqualTo("REFUND")
                .jsonPath("$.items[0].amount").isEqualTo(3000)
                .jsonPath("$.items[0].balanceAfter").isEqualTo(10000)
                .jsonPath("$.items[0].orderId").isEqualTo(orderId)
                .jsonPath("$.items[1].type").isEqualTo("PAYMENT")
                .jsonPath("$.items[1].amount").isEqualTo(3000)
                .jsonPath("$.items[1].balanceAfter").isEqualTo(7000)
                .jsonPath("$.items[2].type").isEqualTo("CHARGE")
                .jsonPath("$.items[2].amount").isEqualTo(10000)
                .jsonPath("$.items[2].balanceAfter").isEqualTo(10000)
                .jsonPath("$.items[2].orderId").isEmpty()
                .jsonPath("$.items[2].at").exists();
    }

    @Test
    void pagesThroughTheHistory() {
        long userId = fixtures.newUser();
        for (int i = 1; i <= 5; i++) {
            balances.charge(userId, i * 100, null);
        }

        http.get().uri("/api/v1/users/{id}/balance/history?page=1&size=2", userId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(5)
                .jsonPath("$.totalPages").isEqualTo(3)
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].amount").isEqualTo(300)
                .jsonPath("$.items[1].amount").isEqualTo(200);
    }

    @Test
    void aUserWithNoHistoryHasAnEmptyPage() {
        long userId = fixtures.newUser();

        http.get().uri("/api/v1/users/{id}/balance/history", userId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(0)
                .jsonPath("$.items").isEmpty();
    }

    @Test
    void theHistoryOfAnUnknownUserIsUserNotFound() {
        expectProblem(http.get().uri("/api/v1/users/{id}/balance/history", Long.MAX_VALUE).exchange(),
                HttpStatus.NOT_FOUND, "USER_NOT_FOUND");
    }

    @Test
    void aPageOutsideTheLimitsIsValidationFailed() {
        long userId = fixtures.newUser();

        for (String query : new String[]{"page=-1", "size=0", "size=101", "size=ten"}) {
            RestTestClient.ResponseSpec response = http.get().uri("/api/v1/users/" + userId + "/balance/history?" + query).exchange();
            expectProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
        }
    }
}
