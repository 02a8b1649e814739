package dev.flashsale.coupon.persistence;

import dev.flashsale.coupon.domain.CouponUse;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Optional;

public interface CouponUseRepository extends JpaRepository<CouponUse, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from CouponUse u where u.orderId = :orderId")
    Optional<CouponUse> findLocked(@Param("orderId") long orderId);
}
