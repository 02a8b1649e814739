package dev.flashsale.product.benchmark;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.StockRows;
import dev.flashsale.product.StockRows.Counters;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.application.StockReservations;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.TopicReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static dev.flashsale.product.TestData.newVariants;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast stock is reserved: the unit of work of one ReserveStock (inbox row, locks, counters, reservation rows,
 * outbox reply) on one hot variant and spread over many, and the whole way through the broker.
 * Run with {@code mvn -o -pl product-service verify -Pbenchmark}.
 */
@Tag("benchmark")
@ProductIntegrationTest
class ReservationBenchmarkIT {

    private static final int THREADS = 16;

    @Autowired
    StockReservations stock;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    Inbox inbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void reservesOneHotVariantFromManyThreads() throws Exception {
        warmUp();
        Variant hot = newVariant(catalog, 3_000);

        Measurement.run("ReserveStock, one hot variant (3,000 units, 6,000 orders)", THREADS, 6_000,
                i -> reserve(List.of(new OrderLine(hot.id(), 1))));

        assertThat(new StockRows(jdbc).counters(hot.id())).isEqualTo(new Counters(0, 3_000, 0));
    }

    @Test
    void reservesThreeLinesSpreadOverAHundredVariants() throws Exception {
        warmUp();
        List<Variant> variants = newVariants(catalog, IntStream.generate(() -> 1_000).limit(100).toArray());

        Measurement.run("ReserveStock, 3 lines over 100 variants", THREADS, 6_000, i -> reserve(List.of(
                new OrderLine(variants.get(i % 100).id(), 1),
                new OrderLine(variants.get((i * 7 + 3) % 100).id(), 1),
                new OrderLine(variants.get((i * 13 + 5) % 100).id(), 1))));
    }

    @Test
    void reservesThroughTheBrokerFromCommandToReply() throws Exception {
        warmUp();
        Variant hot = newVariant(catalog, 1_000);
        List<Long> orders = LongStream.range(0, 2_000).mapToObj(i -> newOrderId()).toList();
        Set<String> keys = orders.stream().map(String::valueOf).collect(Collectors.toSet());
        MessageCodec codec = new MessageCodec();

        try (TopicReader replies = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES)) {
            replies.readFor(Duration.ofSeconds(2));
            long start = System.nanoTime();
            CompletableFuture.allOf(orders.stream()
                    .map(orderId -> kafka.send(codec.record(new ReserveStock(orderId, List.of(new OrderLine(hot.id(), 1))),
                            UUID.randomUUID(), ZoneId.of("Asia/Seoul"))))
                    .toArray(CompletableFuture[]::new)).get();
            List<?> answered = replies.readUntil(seen -> seen.stream().filter(r -> keys.contains(r.key())).count() >= orders.size(),
                    Duration.ofMinutes(5)).stream().filter(r -> keys.contains(r.key())).toList();
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(answered).hasSize(orders.size());
            System.out.printf("BENCHMARK %-58s n=%6d  %8.0f/s  (%d cores)%n",
                    "ReserveStock over Kafka, command sent to reply read", orders.size(), orders.size() / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
        assertThat(new StockRows(jdbc).counters(hot.id())).isEqualTo(new Counters(0, 1_000, 0));
    }

    private void reserve(List<OrderLine> lines) {
        ReserveStock command = new ReserveStock(newOrderId(), lines);
        inbox.once("benchmark", UUID.randomUUID(), () -> stock.reserve(command));
    }

    private void warmUp() throws Exception {
        Variant variant = newVariant(catalog, 500);
        Measurement.run("(warm-up)", THREADS, 1_000, i -> reserve(List.of(new OrderLine(variant.id(), 1))));
    }
}
