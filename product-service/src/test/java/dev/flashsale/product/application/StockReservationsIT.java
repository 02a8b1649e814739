package dev.flashsale.product.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.StockRows;
import dev.flashsale.product.StockRows.Counters;
import dev.flashsale.product.domain.Variant;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static dev.flashsale.product.TestData.completed;
import static dev.flashsale.product.TestData.line;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static dev.flashsale.product.TestData.newVariants;
import static org.assertj.core.api.Assertions.assertThat;

@ProductIntegrationTest
class StockReservationsIT {

    @Autowired
    StockReservations stock;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    MeterRegistry metrics;

    private final StockRows rows;

    @Autowired
    StockReservationsIT(JdbcTemplate jdbc) {
        this.rows = new StockRows(jdbc);
    }

    @Test
    void reservesEveryLineAndRepliesWithTheCatalogsPricesAndNames() {
        List<Variant> variants = newVariants(catalog, 10, 5);
        Variant first = variants.get(0);
        Variant second = variants.get(1);
        long orderId = newOrderId();

        stock.reserve(new ReserveStock(orderId, List.of(line(second, 1), line(first, 3))));

        assertThat(rows.counters(first.id())).isEqualTo(new Counters(7, 3, 0));
        assertThat(rows.counters(second.id())).isEqualTo(new Counters(4, 1, 0));
        assertThat(rows.status(orderId)).isEqualTo("RESERVED");
        String productName = catalog.product(first.productId()).product().name();
        assertThat(rows.replies(orderId)).containsExactly(new StockReserved(orderId, List.of(
                new ReservedLine(first.id(), first.productId(), productName, "option 1", 3, 10_000),
                new ReservedLine(second.id(), second.productId(), productName, "option 2", 1, 11_000))));
    }

    @Test
    void aMultiItemReservationThatFailsOnItsLastItemLeavesEveryVariantUntouched() {
        List<Variant> variants = newVariants(catalog, 10, 10, 1);
        long orderId = newOrderId();

        stock.reserve(new ReserveStock(orderId, List.of(
                line(variants.get(0), 5), line(variants.get(1), 5), line(variants.get(2), 2))));

        assertThat(rows.counters(variants.get(0).id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.counters(variants.get(1).id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.counters(variants.get(2).id())).isEqualTo(new Counters(1, 0, 0));
        assertThat(rows.status(orderId)).isEqualTo("REJECTED");
        assertThat(rows.replies(orderId)).containsExactly(new StockReservationFailed(orderId, ErrorCode.OUT_OF_STOCK,
                variants.get(2).id(), "variant " + variants.get(2).id() + " has 1 left, 2 requested"));
    }

    @Test
    void rejectsAnOrderForAVariantThatDoesNotExistAndReservesNothing() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        long missing = Long.MAX_VALUE - 7;

        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1), new OrderLine(missing, 1))));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.replies(orderId)).containsExactly(new StockReservationFailed(orderId,
                ErrorCode.PRODUCT_NOT_FOUND, missing, "variant " + missing + " does not exist"));
    }

    @Test
    void answersARepeatedReserveStockWithTheFirstOutcomeAndChangesNothing() {
        Variant variant = newVariant(catalog, 3);
        long reserved = newOrderId();
        long rejected = newOrderId();

        stock.reserve(new ReserveStock(reserved, List.of(line(variant, 2))));
        stock.reserve(new ReserveStock(reserved, List.of(line(variant, 2))));
        stock.reserve(new ReserveStock(rejected, List.of(line(variant, 5))));
        catalog.adjustStock(variant.id(), 10);
        stock.reserve(new ReserveStock(rejected, List.of(line(variant, 5))));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(11, 2, 0));
        assertThat(rows.replies(reserved)).hasSize(2).allMatch(reply -> reply.equals(rows.replies(reserved).get(0)))
                .first().isInstanceOf(StockReserved.class);
        assertThat(rows.replies(rejected)).hasSize(2).allMatch(reply -> reply.equals(rows.replies(rejected).get(0)))
                .first().isInstanceOf(StockReservationFailed.class);
    }

    @Test
    void theOrdersCompletionSellsTheHeldStockOnceAndARepeatedReserveStockStillAnswersWithItsPrices() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        stock.sell(completed(orderId, variant, 4));
        stock.sell(completed(orderId, variant, 4));
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(6, 0, 4));
        assertThat(rows.status(orderId)).isEqualTo("CONFIRMED");
        assertThat(rows.replies(orderId)).as("a completed order gets no reply; a repeated reserve the same answer")
                .extracting(Object::getClass).containsExactly(StockReserved.class, StockReserved.class);
    }

    @Test
    void heldStockStaysHeldForItsOrderUntilTheOrderCompletesWhateverOthersAskFor() {
        Variant variant = newVariant(catalog, 4);
        long first = newOrderId();
        long second = newOrderId();
        stock.reserve(new ReserveStock(first, List.of(line(variant, 4))));

        stock.reserve(new ReserveStock(second, List.of(line(variant, 1))));
        stock.sell(completed(first, variant, 4));

        assertThat(rows.replies(second)).singleElement().isInstanceOf(StockReservationFailed.class);
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(0, 0, 4));
        assertThat(rows.status(first)).isEqualTo("CONFIRMED");
    }

    @Test
    void releasingGivesTheStockBackOnceAndAReleasedOrderCannotReserveAgain() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        stock.release(new ReleaseStock(orderId));
        stock.release(new ReleaseStock(orderId));
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.status(orderId)).isEqualTo("RELEASED");
        assertThat(rows.replies(orderId)).containsExactly(rows.replies(orderId).get(0),
                new StockReleased(orderId), new StockReleased(orderId), new StockReleased(orderId));
    }

    @Test
    void aReleaseAfterTheSaleGivesNothingBack() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));
        stock.sell(completed(orderId, variant, 4));

        stock.release(new ReleaseStock(orderId));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(6, 0, 4));
        assertThat(rows.status(orderId)).isEqualTo("CONFIRMED");
    }

    @Test
    void aCompletionAfterAReleaseSellsNothingAndIsCounted() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));
        stock.release(new ReleaseStock(orderId));
        double before = count("product.stock.sold.without.stock");

        stock.sell(completed(orderId, variant, 4));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.status(orderId)).isEqualTo("RELEASED");
        assertThat(count("product.stock.sold.without.stock")).isEqualTo(before + 1);
    }

    @Test
    void aReleaseWithoutAReservationChangesNothingAndKeepsALateReserveStockFromHoldingStock() {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();

        stock.release(new ReleaseStock(orderId));
        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 4))));

        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(10, 0, 0));
        assertThat(rows.replies(orderId)).containsExactly(new StockReleased(orderId), new StockReleased(orderId));
    }

    @Test
    void countsReservationsByOutcomeAndReasonAndTheCommandsThatChangedNothing() {
        Variant variant = newVariant(catalog, 1);
        double reservedBefore = count("product.stock.reservations", "outcome", "reserved", "reason", "none");
        double outOfStockBefore = count("product.stock.reservations", "outcome", "rejected", "reason", "OUT_OF_STOCK");
        double salesBefore = count("product.stock.sales");
        double unchangedBefore = count("product.stock.commands.unchanged", "command", "OrderCompleted");
        long orderId = newOrderId();

        stock.reserve(new ReserveStock(orderId, List.of(line(variant, 1))));
        stock.reserve(new ReserveStock(newOrderId(), List.of(line(variant, 1))));
        stock.sell(completed(orderId, variant, 1));
        stock.sell(completed(orderId, variant, 1));

        assertThat(count("product.stock.reservations", "outcome", "reserved", "reason", "none")).isEqualTo(reservedBefore + 1);
        assertThat(count("product.stock.reservations", "outcome", "rejected", "reason", "OUT_OF_STOCK"))
                .isEqualTo(outOfStockBefore + 1);
        assertThat(count("product.stock.sales")).isEqualTo(salesBefore + 1);
        assertThat(count("product.stock.commands.unchanged", "command", "OrderCompleted")).isEqualTo(unchangedBefore + 1);
    }

    private double count(String name, String... tags) {
        return metrics.counter(name, tags).count();
    }
}
