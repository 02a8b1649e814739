package dev.flashsale.messaging;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MessagingIntegrationTest
class IdempotentRequestsIT {

    record Charge(long userId, long amount) {
    }

    record Charged(long userId, long balance, String receipt) {
    }

    @Autowired
    IdempotentRequests requests;

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndRunsNothing() {
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();

        Charged first = requests.execute("charge:user:7", key, new Charge(7, 100), Charged.class,
                () -> new Charged(7, 100L * runs.incrementAndGet(), UUID.randomUUID().toString()));
        Charged retry = requests.execute("charge:user:7", key, new Charge(7, 100), Charged.class,
                () -> new Charged(7, 100L * runs.incrementAndGet(), UUID.randomUUID().toString()));

        assertThat(runs).hasValue(1);
        assertThat(retry).isEqualTo(first);
        assertThat(requests.isKnown("charge:user:7", key)).isTrue();
        assertThat(requests.isKnown("charge:user:8", key)).as("keys are per scope").isFalse();
        assertThatThrownBy(() -> requests.isKnown("charge:user:7", " ")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        requests.execute("charge:user:7", key, new Charge(7, 100), Charged.class, () -> new Charged(7, 100, "r1"));

        assertThatThrownBy(() -> requests.execute("charge:user:7", key, new Charge(7, 999), Charged.class,
                () -> new Charged(7, 999, "r2")))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void aFailedActionKeepsNothingSoTheClientMayRetryIt() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> requests.execute("charge:user:7", key, new Charge(7, 100), Charged.class, () -> {
            throw new DomainException(ErrorCode.BALANCE_LIMIT_EXCEEDED, "too much");
        })).isInstanceOf(DomainException.class);
        assertThat(requests.isKnown("charge:user:7", key)).isFalse();

        Charged retry = requests.execute("charge:user:7", key, new Charge(7, 100), Charged.class, () -> new Charged(7, 100, "ok"));

        assertThat(retry.receipt()).isEqualTo("ok");
    }

    @Test
    void concurrentRequestsWithOneKeyRunTheActionOnceAndAllGetItsAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Charged>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return requests.execute("charge:user:8", key, new Charge(8, 50), Charged.class, () -> {
                        runs.incrementAndGet();
                        return new Charged(8, 50, UUID.randomUUID().toString());
                    });
                }));
            }
            start.countDown();
            Set<Charged> distinct = answers.stream().map(IdempotentRequestsIT::get).collect(Collectors.toSet());

            assertThat(runs).hasValue(1);
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdown();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
