package dev.flashsale.product.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.product.domain.ReservationRequest.RequestedItem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StockReservationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void reservesEveryLineAtTheVariantsPricesAndNames() {
        VariantStock tee = new VariantStock(12, 1, "tee", "M/black", 19_000, 10);
        VariantStock hoodie = new VariantStock(30, 2, "hoodie", "L/grey", 49_000, 5);

        StockReservation reservation = attempt(request(1001, line(30, 1), line(12, 2)), tee, hoodie);

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.holdsStock()).isTrue();
        assertThat(reservation.items()).containsExactly(
                new ReservedItem(12, 1, "tee", "M/black", 2, 19_000),
                new ReservedItem(30, 2, "hoodie", "L/grey", 1, 49_000));
        assertThat(reservation.variantIds()).containsExactly(12L, 30L);
    }

    @Test
    void reservesNothingWhenTheLastLineIsShort() {
        StockReservation reservation = attempt(request(1001, line(1, 5), line(2, 5), line(3, 2)),
                variant(1, 10), variant(2, 10), variant(3, 1));

        assertThat(reservation.status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(reservation.rejectReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(reservation.rejectedVariantId()).isEqualTo(3);
        assertThat(reservation.rejectDetail()).isEqualTo("variant 3 has 1 left, 2 requested");
        assertThat(reservation.items()).as("a rejection holds nothing, so it never has anything to undo").isEmpty();
        assertThat(reservation.holdsStock()).isFalse();
    }

    @Test
    void namesAVariantThatDoesNotExistBeforeAnyThatIsShort() {
        StockReservation reservation = attempt(request(1001, line(1, 1), line(99, 1)), variant(1, 0));

        assertThat(reservation.rejectReason()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(reservation.rejectedVariantId()).isEqualTo(99);
        assertThat(reservation.rejectDetail()).isEqualTo("variant 99 does not exist");
    }

    @Test
    void countsTwoLinesOfOneVariantAsOne() {
        StockReservation rejected = attempt(request(1001, line(12, 2), line(12, 2)), variant(12, 3));
        StockReservation reserved = attempt(request(1002, line(12, 1), line(12, 2)), variant(12, 3));

        assertThat(rejected.rejectDetail()).isEqualTo("variant 12 has 3 left, 4 requested");
        assertThat(reserved.items()).singleElement().extracting(ReservedItem::quantity).isEqualTo(3);
    }

    @Test
    void sellingHeldStockSellsItOnce() {
        StockReservation reservation = attempt(request(1001, line(12, 4)), variant(12, 10));

        assertThat(reservation.sell(NOW)).isTrue();
        assertThat(reservation.sell(NOW)).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(reservation.isSold()).isTrue();
        assertThat(reservation.holdsStock()).isFalse();
    }

    @Test
    void releasingGivesTheHeldUnitsBackOnce() {
        StockReservation reservation = attempt(request(1001, line(12, 4)), variant(12, 10));

        assertThat(reservation.release(NOW)).isTrue();
        assertThat(reservation.release(NOW)).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(reservation.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void releasingAfterSellingGivesNothingBack() {
        StockReservation reservation = attempt(request(1001, line(12, 4)), variant(12, 10));
        reservation.sell(NOW);

        assertThat(reservation.release(NOW)).isFalse();
        assertThat(reservation.isSold()).isTrue();
    }

    @Test
    void sellingAfterReleasingSellsNothing() {
        StockReservation reservation = attempt(request(1001, line(12, 4)), variant(12, 10));
        reservation.release(NOW);

        assertThat(reservation.sell(NOW)).isFalse();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
    }

    @Test
    void aRejectedReservationIsNeitherSoldNorReleased() {
        StockReservation rejected = attempt(request(1001, line(12, 4)), variant(12, 1));

        assertThat(rejected.sell(NOW)).isFalse();
        assertThat(rejected.release(NOW)).isFalse();
        assertThat(rejected.status()).isEqualTo(ReservationStatus.REJECTED);
    }

    @Test
    void anOrderSettledWithoutAReservationHoldsNothing() {
        StockReservation settled = StockReservation.settledWithoutStock(1001, NOW);

        assertThat(settled.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(settled.holdsStock()).isFalse();
        assertThat(settled.items()).isEmpty();
        assertThat(settled.sell(NOW)).isFalse();
    }

    private static VariantStock variant(long id, int orderable) {
        return new VariantStock(id, 1, "tee", "M/black", 19_000, orderable);
    }

    private static StockReservation attempt(ReservationRequest request, VariantStock... variants) {
        Map<Long, VariantStock> locked = Arrays.stream(variants)
                .collect(Collectors.toMap(VariantStock::variantId, Function.identity()));
        return StockReservation.attempt(request, locked, NOW);
    }

    private static ReservationRequest request(long orderId, RequestedItem... items) {
        return ReservationRequest.of(orderId, List.of(items));
    }

    private static RequestedItem line(long variantId, int quantity) {
        return new RequestedItem(variantId, Quantity.of(quantity));
    }
}
