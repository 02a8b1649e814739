package dev.flashsale.balance;

import dev.flashsale.balance.application.BalanceService;
import dev.flashsale.balance.application.PaymentService;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the hot balance row and of the saga step on this machine. Run with
 * {@code mvn -q -o -pl balance-service verify -Pbenchmark}; the figures are printed, and recorded in
 * docs/services/balance-service.md.
 */
@Tag("benchmark")
@BalanceIntegrationTest
class BalanceBenchmarkIT {

    private static final int CLIENTS = 32;
    private static final int WARM_UP = 500;

    @Autowired
    RestTestClient http;
    @Autowired
    UserService users;
    @Autowired
    BalanceService balances;
    @Autowired
    PaymentService payments;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MessageCodec codec;
    @Autowired
    JdbcClient jdbc;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
        long warmUpUser = fixtures.newUser();
        Concurrently.run(WARM_UP, CLIENTS, i -> Fixtures.chargeStatus(http, warmUpUser, 1));
    }

    @Test
    void chargesOfOneUserOverHttp() {
        long userId = fixtures.newUser();
        int charges = 5_000;

        LatencyRecorder latencies = new LatencyRecorder();
        long started = System.nanoTime();
        Concurrently.run(charges, CLIENTS, i -> {
            long t = System.nanoTime();
            assertThat(Fixtures.chargeStatus(http, userId, 1)).isEqualTo(200);
            latencies.recordNanos(System.nanoTime() - t);
            return null;
        });
        report("charges of one user over HTTP (hot row)", charges, System.nanoTime() - started, latencies);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void chargesOfManyUsersOverHttp() {
        long[] userIds = LongStream.range(0, 100).map(i -> fixtures.newUser()).toArray();
        int charges = 5_000;

        LatencyRecorder latencies = new LatencyRecorder();
        long started = System.nanoTime();
        Concurrently.run(charges, CLIENTS, i -> {
            long t = System.nanoTime();
            assertThat(Fixtures.chargeStatus(http, userIds[i % userIds.length], 1)).isEqualTo(200);
            latencies.recordNanos(System.nanoTime() - t);
            return null;
        });
        report("charges of 100 users over HTTP", charges, System.nanoTime() - started, latencies);
    }

    @Test
    void deductionsOfOneUserInTheService() {
        long userId = fixtures.newUser();
        int orders = 5_000;
        balances.charge(userId, orders * 100L, null);
        long[] orderIds = IntStream.range(0, orders).mapToLong(i -> Fixtures.nextOrderId()).toArray();

        LatencyRecorder latencies = new LatencyRecorder();
        long started = System.nanoTime();
        Concurrently.run(orders, CLIENTS, i -> {
            long t = System.nanoTime();
            payments.deduct(new DeductBalance(orderIds[i], userId, 100));
            latencies.recordNanos(System.nanoTime() - t);
            return null;
        });
        report("deductions of one user, each with its payment row, ledger entry and reply (hot row)", orders,
                System.nanoTime() - started, latencies);
        assertThat(fixtures.storedBalance(userId)).contains(0L);
    }

    @Test
    void sagaDeductionsThroughTheBroker() {
        long[] userIds = LongStream.range(0, 50).map(i -> fixtures.newUser()).toArray();
        for (long userId : userIds) {
            balances.charge(userId, 1_000_000, null);
        }
        int commands = 3_000;
        Set<String> orderKeys = new HashSet<>();
        List<DeductBalance> deductions = IntStream.range(0, commands)
                .mapToObj(i -> new DeductBalance(Fixtures.nextOrderId(), userIds[i % userIds.length], 100))
                .peek(command -> orderKeys.add(command.aggregateId()))
                .toList();
        String deducted = MessageTypes.of(BalanceDeducted.class).name();

        try (TopicReader replies = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES)) {
            replies.readFor(Duration.ofSeconds(1));
            long started = System.nanoTime();
            CompletableFuture.allOf(deductions.stream()
                    .map(command -> kafka.send(codec.record(command, UUID.randomUUID(), ZoneId.of("Asia/Seoul"))))
                    .toArray(CompletableFuture[]::new)).join();
            List<ConsumerRecord<String, String>> seen = replies.readUntil(
                    records -> answered(records, orderKeys, deducted) >= commands, Duration.ofMinutes(3));
            long elapsed = System.nanoTime() - started;
            assertThat(answered(seen, orderKeys, deducted)).isEqualTo(commands);
            report("DeductBalance -> BalanceDeducted through Kafka, inbox and outbox relay (50 users)", commands, elapsed, null);
        }
    }

    private static long answered(List<ConsumerRecord<String, String>> records, Set<String> orderKeys, String type) {
        return records.stream().filter(r -> orderKeys.contains(r.key()) && r.value().contains("\"type\":\"" + type + "\"")).count();
    }


    private static void report(String what, int operations, long elapsedNanos, LatencyRecorder latencies) {
        double seconds = elapsedNanos / 1e9;
        StringBuilder line = new StringBuilder(String.format("BENCHMARK %s: %d in %.2f s = %.0f/s", what, operations,
                seconds, operations / seconds));
        if (latencies != null) {
            line.append(String.format(", latency p50 %.1f ms, p99 %.1f ms (%d clients, %d cores)",
                    LatencyRecorder.Summary.millis(latencies.percentile(50)),
                    LatencyRecorder.Summary.millis(latencies.percentile(99)), CLIENTS,
                    Runtime.getRuntime().availableProcessors()));
        } else {
            line.append(String.format(" (%d cores)", Runtime.getRuntime().availableProcessors()));
        }
        System.out.println(line);
    }
}
