package dev.flashsale.coupon.application;

import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.DiscountPolicy;
import dev.flashsale.coupon.domain.IssueWindow;
import dev.flashsale.coupon.persistence.CouponRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Coupons to play with in the local stack, created on the first start (when there are none). */
@Component
@Profile("local")
@ConditionalOnBooleanProperty(name = "flashsale.coupon.demo-data", matchIfMissing = true)
public class DemoCoupons implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCoupons.class);

    private final CouponRepository coupons;
    private final Clock clock;

    public DemoCoupons(CouponRepository coupons, Clock clock) {
        this.coupons = coupons;
        this.clock = clock;
    }

    /** A percentage coupon with a cap, a fixed amount from a minimum order, and a small flash-sale coupon open now. */
    static List<Coupon> definitions(Instant now) {
        IssueWindow thisMonth = new IssueWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        return List.of(
                Coupon.define("10% off, up to 5,000 won", DiscountPolicy.percentage(10, 5_000L, 0),
                        1_000, thisMonth, 7, now),
                Coupon.define("3,000 won off orders from 20,000 won", DiscountPolicy.fixedAmount(3_000, 20_000),
                        500, thisMonth, 14, now),
                Coupon.define("Flash sale: 50% off up to 20,000 won, first 100 only",
                        DiscountPolicy.percentage(50, 20_000L, 10_000), 100,
                        new IssueWindow(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1))), 3, now));
    }

    @Override
    public void run(ApplicationArguments args) {
        if (coupons.count() > 0) {
            return;
        }
        coupons.saveAll(definitions(clock.instant()));
        log.info("Created the demo coupons");
    }
}
