package dev.flashsale.product.application;

import dev.flashsale.contracts.saga.ConfirmStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.StockConfirmed;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.StockRows.Counters;
import dev.flashsale.product.StockRows;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.product.persistence.StockReservationRepository;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static dev.flashsale.product.TestData.line;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static org.assertj.core.api.Assertions.assertThat;

/** Expiry with the clock moved by hand; the scheduled sweeper runs too, so tests check rows, not return values. */
@ProductIntegrationTest
class ReservationExpiryIT {

    @Autowired
    StockReservations stock;
    @Autowired
    ReservationExpiry expiry;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    ProductProperties properties;
    @Autowired
    MutableClock clock;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    StockReservationRepository reservations;

    private final StockRows rows;

    @Autowired
    ReservationExpiryIT(JdbcTemplate jdbc) {
        this.rows = new StockRows(jdbc);
    }

    @Test
    void aReservationNobodySettlesGivesItsStockBackOnceItsDeadlineHasPassed() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        double expirationsBefore = metrics.counter("product.stock.expirations").count();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        clock.advance(properties.reservationTtl().minusSeconds(1));
        expiry.expireDue();
        assertThat(rows.status(orderId)).isEqualTo("RESERVED");
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(6, 4, 0));

        clock.advance(Duration.ofSeconds(1));
        expiry.expireDue();
        assertThat(rows.status(orderId)).isEqualTo("EXPIRED");
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(metrics.counter("product.stock.expirations").count()).isGreaterThanOrEqualTo(expirationsBefore + 1);
    }

    @Test
    void aConfirmAfterTheReservationExpiredSellsTheUnitsAgainWhileTheyAreOrderable() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        double soldBefore = lateConfirmations("sold");
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));
        clock.advance(properties.reservationTtl());
        expiry.expireDue();
        assertThat(rows.status(orderId)).isEqualTo("EXPIRED");

        stock.confirm(new ConfirmStock(orderId));
        stock.confirm(new ConfirmStock(orderId));

        assertThat(rows.status(orderId)).isEqualTo("CONFIRMED");
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(6, 0, 4));
        assertThat(rows.replies(orderId)).endsWith(new StockConfirmed(orderId), new StockConfirmed(orderId));
        assertThat(lateConfirmations("sold")).isEqualTo(soldBefore + 1);
        assertThat(catalog.auditStock(variant.productId()).consistent()).isTrue();
    }

    @Test
    void aConfirmAfterTheReservationExpiredAndItsUnitsWereTakenSellsNothingAndAnswersThatTheOrderHoldsNoStock() {
        Variant variant = newVariant(catalog, 5);
        long late = newOrderId();
        long other = newOrderId();
        double refusedBefore = lateConfirmations("refused");
        stock.reserve(new ReserveStock(late, List.of(line(variant, 4))));
        clock.advance(properties.reservationTtl());
        expiry.expireDue();
        stock.reserve(new ReserveStock(other, List.of(line(variant, 3))));

        stock.confirm(new ConfirmStock(late));
        stock.reserve(new ReserveStock(late, List.of(line(variant, 4))));

        assertThat(rows.status(late)).isEqualTo("EXPIRED");
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(2, 3, 0));
        assertThat(rows.replies(late)).endsWith(new StockReleased(late), new StockReleased(late));
        assertThat(lateConfirmations("refused")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void clearsABacklogLargerThanOneBatchInOneSweep() {
        Variant variant = newVariant(catalog, 5);
        List<Long> orders = LongStream.range(0, 5).mapToObj(i -> newOrderId()).toList();
        orders.forEach(orderId -> stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1)))));
        clock.advance(properties.reservationTtl());
        ReservationExpiry smallBatches = new ReservationExpiry(reservations, stock, clock, new ProductProperties(
                properties.reservationTtl(), properties.expirySweepInterval(), properties.expiryStartDelay(), 2));

        smallBatches.expireDue();

        assertThat(orders).allSatisfy(orderId -> assertThat(rows.status(orderId)).isEqualTo("EXPIRED"));
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(5, 0, 0));
    }

    @Test
    void aConfirmedReservationNeverExpires() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));
        stock.confirm(new ConfirmStock(orderId));

        clock.advance(properties.reservationTtl().multipliedBy(3));
        expiry.expireDue();

        assertThat(rows.status(orderId)).isEqualTo("CONFIRMED");
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(6, 0, 4));
    }

    @Test
    void whenExpiryRacesConfirmsEveryReservationEndsEitherSoldOrGivenBackNeverBoth() {
        Variant variant = newVariant(catalog, 60);
        List<Long> orders = LongStream.range(0, 60).mapToObj(i -> newOrderId()).toList();
        orders.forEach(orderId -> stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1)))));
        clock.advance(properties.reservationTtl());

        List<Runnable> race = new ArrayList<>();
        orders.forEach(orderId -> race.add(() -> stock.confirm(new ConfirmStock(orderId))));
        for (int sweeper = 0; sweeper < 4; sweeper++) {
            race.add(2 * sweeper, expiry::expireDue);
        }
        Concurrently.run(8, race);

        long sold = orders.stream().filter(orderId -> "CONFIRMED".equals(rows.status(orderId))).count();
        long expired = orders.stream().filter(orderId -> "EXPIRED".equals(rows.status(orderId))).count();
        assertThat(sold + expired).isEqualTo(60);
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters((int) expired, 0, (int) sold));
        assertThat(orders).allSatisfy(orderId -> assertThat(rows.replies(orderId)).last().isEqualTo(
                "CONFIRMED".equals(rows.status(orderId)) ? new StockConfirmed(orderId) : new StockReleased(orderId)));
        assertThat(catalog.auditStock(variant.productId()).consistent()).isTrue();
    }

    private double lateConfirmations(String outcome) {
        var counter = metrics.find("product.stock.late.confirmations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
