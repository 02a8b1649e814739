package dev.flashsale.product.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.product.domain.ReservationRequest.RequestedItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.flashsale.product.domain.VariantTestData.NOW;
import static dev.flashsale.product.domain.VariantTestData.conserved;
import static dev.flashsale.product.domain.VariantTestData.variant;
import static org.assertj.core.api.Assertions.assertThat;

class StockReservationTest {

    private static final Duration HOLD = Duration.ofMinutes(10);
    private static final Map<Long, String> PRODUCT_NAMES = Map.of(1L, "tee", 2L, "hoodie");

    @Test
    void reservesEveryLineAtTheVariantsPricesAndNames() {
        Variant tee = variant(12, 1, "M/black", 19_000, 10);
        Variant hoodie = variant(30, 2, "L/grey", 49_000, 5);

        StockReservation reservation = attempt(request(1001, line(30, 1), line(12, 2)), tee, hoodie);

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.items()).containsExactly(
                new ReservedItem(12, 1, "tee", "M/black", 2, 19_000),
                new ReservedItem(30, 2, "hoodie", "L/grey", 1, 49_000));
        assertThat(reservation.expiresAt()).isEqualTo(NOW.plus(HOLD));
        assertThat(tee.orderable()).isEqualTo(8);
        assertThat(tee.reserved()).isEqualTo(2);
        assertThat(hoodie.orderable()).isEqualTo(4);
    }

    @Test
    void reservesNothingWhenTheLastLineIsShort() {
        Variant first = variant(1, 10);
        Variant second = variant(2, 10);
        Variant last = variant(3, 1);

        StockReservation reservation = attempt(request(1001, line(1, 5), line(2, 5), line(3, 2)), first, second, last);

        assertThat(reservation.status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(reservation.rejectReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(reservation.rejectedVariantId()).isEqualTo(3);
        assertThat(reservation.rejectDetail()).isEqualTo("variant 3 has 1 left, 2 requested");
        assertThat(reservation.items()).isEmpty();
        assertThat(reservation.holdsStock()).isFalse();
        for (Variant variant : List.of(first, second, last)) {
            assertThat(variant.reserved()).isZero();
            assertThat(variant.orderable()).isEqualTo(variant.initialStock());
        }
    }

    @Test
    void namesAVariantThatDoesNotExistBeforeAnyThatIsShort() {
        Variant shortOne = variant(1, 0);

        StockReservation reservation = attempt(request(1001, line(1, 1), line(99, 1)), shortOne);

        assertThat(reservation.rejectReason()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(reservation.rejectedVariantId()).isEqualTo(99);
        assertThat(reservation.rejectDetail()).isEqualTo("variant 99 does not exist");
    }

    @Test
    void countsTwoLinesOfOneVariantAsOne() {
        Variant tee = variant(12, 3);

        StockReservation rejected = attempt(request(1001, line(12, 2), line(12, 2)), tee);
        StockReservation reserved = attempt(request(1002, line(12, 1), line(12, 2)), tee);

        assertThat(rejected.rejectDetail()).isEqualTo("variant 12 has 3 left, 4 requested");
        assertThat(reserved.items()).singleElement().extracting(ReservedItem::quantity).isEqualTo(3);
        assertThat(tee.orderable()).isZero();
    }

    @Test
    void confirmingSellsTheReservedUnitsOnce() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);

        assertThat(reservation.confirm(locked(tee), NOW)).isTrue();
        assertThat(reservation.confirm(locked(tee), NOW)).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(reservation.isSold()).isTrue();
        assertThat(tee.sold()).isEqualTo(4);
        assertThat(tee.reserved()).isZero();
        assertThat(tee.orderable()).isEqualTo(6);
        assertThat(conserved(tee)).isTrue();
    }

    @Test
    void releasingGivesTheReservedUnitsBackOnce() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);

        assertThat(reservation.release(locked(tee), NOW)).isTrue();
        assertThat(reservation.release(locked(tee), NOW)).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tee.orderable()).isEqualTo(10);
        assertThat(tee.reserved()).isZero();
    }

    @Test
    void releasingAfterConfirmingGivesNothingBack() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);
        reservation.confirm(locked(tee), NOW);

        assertThat(reservation.release(locked(tee), NOW)).isFalse();

        assertThat(reservation.isSold()).isTrue();
        assertThat(tee.sold()).isEqualTo(4);
        assertThat(tee.orderable()).isEqualTo(6);
    }

    @Test
    void confirmingAfterReleasingSellsNothing() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);
        reservation.release(locked(tee), NOW);

        assertThat(reservation.confirm(locked(tee), NOW)).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tee.sold()).isZero();
        assertThat(tee.orderable()).isEqualTo(10);
    }

    @Test
    void expiresOnlyOnceItsDeadlineHasPassed() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);
        Map<Long, Variant> variants = locked(tee);

        assertThat(reservation.isDue(NOW.plus(HOLD).minusMillis(1))).isFalse();
        assertThat(reservation.expire(variants, NOW.plus(HOLD).minusMillis(1))).isFalse();
        assertThat(reservation.expire(variants, NOW.plus(HOLD))).isTrue();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(tee.orderable()).isEqualTo(10);
        assertThat(reservation.confirm(variants, NOW.plus(HOLD))).isFalse();
        assertThat(tee.sold()).isZero();
    }

    @Test
    void aConfirmedReservationNeverExpires() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);
        reservation.confirm(locked(tee), NOW);

        assertThat(reservation.isDue(NOW.plus(Duration.ofDays(365)))).isFalse();
        assertThat(reservation.expire(locked(tee), NOW.plus(Duration.ofDays(365)))).isFalse();
        assertThat(tee.sold()).isEqualTo(4);
    }

    @Test
    void canStillBeConfirmedPastItsDeadlineUntilTheSweeperExpiresIt() {
        Variant tee = variant(12, 10);
        StockReservation reservation = attempt(request(1001, line(12, 4)), tee);

        assertThat(reservation.confirm(locked(tee), NOW.plus(HOLD).plusSeconds(1))).isTrue();
        assertThat(tee.sold()).isEqualTo(4);
    }

    @Test
    void aLateConfirmSellsAnExpiredReservationsUnitsAgainWhileEveryLineIsStillOrderable() {
        Variant tee = variant(12, 10);
        Variant hoodie = variant(30, 2, "L/grey", 49_000, 5);
        StockReservation reservation = attempt(request(1001, line(12, 4), line(30, 2)), tee, hoodie);
        reservation.expire(locked(tee, hoodie), NOW.plus(HOLD));

        assertThat(reservation.confirmAfterExpiry(locked(tee, hoodie), NOW.plus(HOLD).plusSeconds(1))).isTrue();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(tee.sold()).isEqualTo(4);
        assertThat(tee.orderable()).isEqualTo(6);
        assertThat(tee.reserved()).isZero();
        assertThat(hoodie.sold()).isEqualTo(2);
        assertThat(conserved(tee)).isTrue();
        assertThat(conserved(hoodie)).isTrue();
    }

    @Test
    void aLateConfirmSellsNothingWhenOneLinesUnitsWentToAnotherOrder() {
        Variant tee = variant(12, 10);
        Variant hoodie = variant(30, 2, "L/grey", 49_000, 5);
        StockReservation late = attempt(request(1001, line(12, 4), line(30, 2)), tee, hoodie);
        late.expire(locked(tee, hoodie), NOW.plus(HOLD));
        attempt(request(1002, line(30, 4)), hoodie);

        assertThat(late.confirmAfterExpiry(locked(tee, hoodie), NOW.plus(HOLD))).isFalse();

        assertThat(late.status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(tee.orderable()).as("all or none: the line that fits is not taken either").isEqualTo(10);
        assertThat(tee.sold()).isZero();
        assertThat(hoodie.orderable()).isEqualTo(1);
        assertThat(hoodie.sold()).isZero();
    }

    @Test
    void aLateConfirmChangesNothingUnlessTheReservationExpired() {
        Variant tee = variant(12, 10);
        StockReservation held = attempt(request(1001, line(12, 4)), tee);
        StockReservation released = attempt(request(1002, line(12, 2)), tee);
        released.release(locked(tee), NOW);

        assertThat(held.confirmAfterExpiry(locked(tee), NOW)).isFalse();
        assertThat(released.confirmAfterExpiry(locked(tee), NOW)).isFalse();

        assertThat(held.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(released.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tee.orderable()).isEqualTo(6);
        assertThat(tee.sold()).isZero();
    }

    @Test
    void anOrderSettledWithoutAReservationHoldsNothing() {
        StockReservation settled = StockReservation.settledWithoutStock(1001, NOW);

        assertThat(settled.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(settled.holdsStock()).isFalse();
        assertThat(settled.items()).isEmpty();
        assertThat(settled.confirm(Map.of(), NOW)).isFalse();
    }

    private static StockReservation attempt(ReservationRequest request, Variant... variants) {
        return StockReservation.attempt(request, locked(variants), PRODUCT_NAMES, NOW, HOLD);
    }

    private static Map<Long, Variant> locked(Variant... variants) {
        return Arrays.stream(variants).collect(Collectors.toMap(Variant::id, Function.identity()));
    }

    private static ReservationRequest request(long orderId, RequestedItem... items) {
        return ReservationRequest.of(orderId, List.of(items));
    }

    private static RequestedItem line(long variantId, int quantity) {
        return new RequestedItem(variantId, Quantity.of(quantity));
    }
}
