package dev.flashsale.coupon.persistence;

import dev.flashsale.coupon.domain.UserCoupon;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;

/** Users' coupons. EXPIRED is not stored: the queries by status derive it from the expiry. */
public interface UserCouponRepository extends JpaRepository<UserCoupon, Long> {

    Page<UserCoupon> findByUserId(long userId, Pageable page);

    @Query("""
            select c from UserCoupon c where c.userId = :userId
            and c.status = dev.flashsale.coupon.domain.UserCouponStatus.UNUSED and c.expiresAt > :now""")
    Page<UserCoupon> findUnused(@Param("userId") long userId, @Param("now") Instant now, Pageable page);

    @Query("""
            select c from UserCoupon c where c.userId = :userId
            and c.status = dev.flashsale.coupon.domain.UserCouponStatus.UNUSED and c.expiresAt <= :now""")
    Page<UserCoupon> findExpired(@Param("userId") long userId, @Param("now") Instant now, Pageable page);

    @Query("""
            select c from UserCoupon c where c.userId = :userId
            and c.status = dev.flashsale.coupon.domain.UserCouponStatus.USED""")
    Page<UserCoupon> findUsed(@Param("userId") long userId, Pageable page);
}
