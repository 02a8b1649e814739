package dev.flashsale.product.persistence;

import dev.flashsale.product.domain.StockReservation;
import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface StockReservationRepository extends JpaRepository<StockReservation, Long> {

    /**
     * The order's reservation, its row locked: confirm, release and expiry of one order take turns on it, and
     * each sees what the one before it did. Lock it before its variants (the one lock order of this service).
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from StockReservation r where r.orderId = :orderId")
    Optional<StockReservation> lock(@Param("orderId") long orderId);

    /** Order ids of reservations that hold stock past their deadline, the oldest first. */
    // The status is a literal, not a parameter, so PostgreSQL can use the partial index on due reservations.
    @Query("""
            select r.orderId from StockReservation r
            where r.status = dev.flashsale.product.domain.ReservationStatus.RESERVED and r.expiresAt <= :now
            order by r.expiresAt""")
    List<Long> findDue(@Param("now") Instant now, Limit limit);
}
