package dev.flashsale.product.application;

import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.StockRows.Counters;
import dev.flashsale.product.StockRows;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.Concurrently;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.flashsale.product.TestData.completed;
import static dev.flashsale.product.TestData.line;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static dev.flashsale.product.TestData.newVariants;
import static org.assertj.core.api.Assertions.assertThat;

/** Real concurrent commands against the real database, then the invariants checked in its rows. */
@ProductIntegrationTest
class StockConcurrencyIT {

    private static final int THREADS = 32;

    @Autowired
    StockReservations stock;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void fiveHundredConcurrentOrdersForAHundredUnitsReserveExactlyAHundredThenSellAndGiveBackExactly() throws InterruptedException {
        Variant variant = newVariant(catalog, 100);
        List<Long> orders = LongStream.range(0, 500).mapToObj(i -> newOrderId()).toList();
        StockRows rows = new StockRows(jdbc);
        AtomicInteger lowestOrderableSeen = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean storm = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (storm.get()) {
                lowestOrderableSeen.accumulateAndGet(rows.counters(variant.id()).orderable(), Math::min);
                LockSupport.parkNanos(1_000_000);
            }
        });
        watcher.start();

        Concurrently.run(THREADS, orders.stream()
                .map(orderId -> (Runnable) () -> stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1)))))
                .toList());
        storm.set(false);
        watcher.join();

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(0, 100, 0));
        assertThat(lowestOrderableSeen.get()).isGreaterThanOrEqualTo(0);
        Map<String, List<Long>> byStatus = orders.stream().collect(Collectors.groupingBy(rows::status));
        assertThat(byStatus.get("RESERVED")).hasSize(100);
        assertThat(byStatus.get("REJECTED")).hasSize(400);
        assertThat(byStatus.get("RESERVED")).allSatisfy(orderId ->
                assertThat(rows.replies(orderId)).singleElement().isInstanceOf(StockReserved.class));
        assertThat(byStatus.get("REJECTED")).allSatisfy(orderId ->
                assertThat(rows.replies(orderId)).singleElement().isInstanceOf(StockReservationFailed.class));

        List<Long> reserved = byStatus.get("RESERVED");
        List<Runnable> settlements = new ArrayList<>();
        for (int i = 0; i < reserved.size(); i++) {
            long orderId = reserved.get(i);
            settlements.add(i % 2 == 0
                    ? () -> stock.sell(completed(orderId, variant, 1))
                    : () -> stock.release(new ReleaseStock(orderId)));
        }
        Concurrently.run(THREADS, settlements);

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(50, 0, 50));
        assertThat(reserved.stream().collect(Collectors.groupingBy(rows::status, Collectors.counting())))
                .isEqualTo(Map.of("CONFIRMED", 50L, "RELEASED", 50L));
    }

    @Test
    void ordersThatNameTheSameVariantsInOppositeOrderNeverDeadlock() {
        List<Variant> variants = newVariants(catalog, 500, 500, 500);
        Variant a = variants.get(0);
        Variant b = variants.get(1);
        Variant c = variants.get(2);
        List<Long> orders = LongStream.range(0, 200).mapToObj(i -> newOrderId()).toList();

        Concurrently.run(THREADS, orders.stream().map(orderId -> (Runnable) () -> stock.reserve(new ReserveStock(orderId,
                        orderId % 2 == 0 ? List.of(line(a, 1), line(b, 1), line(c, 1)) : List.of(line(c, 1), line(b, 1), line(a, 1)))))
                .toList());

        StockRows rows = new StockRows(jdbc);
        assertThat(orders).allSatisfy(orderId -> assertThat(rows.status(orderId)).isEqualTo("RESERVED"));
        for (Variant variant : variants) {
            assertThat(rows.counters(variant.id())).isEqualTo(new Counters(300, 200, 0));
        }
    }

    @Test
    void adminAdjustmentsInTheMiddleOfAStormLoseNoUnit() {
        Variant variant = newVariant(catalog, 50);
        List<Runnable> storm = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long orderId = newOrderId();
            storm.add(() -> stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1)))));
            if (i % 4 == 0) {
                storm.add(() -> catalog.adjustStock(variant.id(), 1));
            }
        }

        Concurrently.run(THREADS, storm);

        Counters counters = new StockRows(jdbc).counters(variant.id());
        assertThat(counters.orderable() + counters.reserved()).isEqualTo(50 + 25);
        assertThat(catalog.auditStock(variant.productId()).consistent()).isTrue();
    }
}
