package dev.flashsale.coupon.application;

import dev.flashsale.coupon.domain.CouponTerms;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds each coupon, as far as this instance has seen: what lets the issue path answer a holder
 * ({@code COUPON_ALREADY_ISSUED}) and, once a coupon is sold out, everybody else ({@code COUPON_SOLD_OUT}) without
 * the database.
 *
 * <p>These are hints, learnt only from committed database state, and they stay true whatever other instances
 * do, because the facts behind them only ever grow (migration V2 makes the database refuse anything else): a user
 * coupon is never deleted nor moved, so a holder stays a holder; a coupon's issued count never goes down, so once
 * sold out it stays sold out, and the holders read after that are all there will ever be. What an instance has not
 * seen (a coupon another instance issued) it does not know, and asks the database.
 *
 * <p>Only coupons of at most {@code holders-in-memory} are followed (a set of user ids each); bigger ones are
 * answered from the database's index every time.
 */
@Component
public class CouponHolders {

    private final Map<Long, Known> byCoupon = new ConcurrentHashMap<>();
    private final int followUpTo;

    public CouponHolders(CouponProperties properties) {
        this.followUpTo = properties.issuance().holdersInMemory();
    }

    Known of(CouponTerms terms) {
        Known known = byCoupon.get(terms.couponId());
        return known != null ? known : byCoupon.computeIfAbsent(terms.couponId(),
                id -> new Known(terms.totalQuantity() <= followUpTo));
    }

    /** What this instance knows about one coupon's holders. */
    static final class Known {
        private final Set<Long> holders;
        private volatile boolean soldOut;
        private volatile boolean everyHolderKnown;

        private Known(boolean followed) {
            this.holders = followed ? ConcurrentHashMap.newKeySet() : null;
        }

        /** True only if the user is known to hold the coupon; false says nothing. */
        boolean holds(long userId) {
            return holders != null && holders.contains(userId);
        }

        /** Whether the coupon is known to be sold out: none is left, for anyone, ever. */
        boolean soldOut() {
            return soldOut;
        }

        /** Sold out and every holder known: a user not among them gets none, without asking the database. */
        boolean soldOutToEveryoneElse() {
            return everyHolderKnown;
        }

        /** Remembers users that committed database state shows holding the coupon. */
        void holdersSeen(Collection<Long> userIds) {
            if (holders != null && !userIds.isEmpty()) {
                holders.addAll(userIds);
            }
        }

        /** The coupon is sold out (its committed count reached the total). */
        void soldOutSeen() {
            soldOut = true;
        }

        /** Every holder of the sold-out coupon, read after it sold out. */
        void allHoldersSeen(Collection<Long> userIds) {
            if (!soldOut) {
                throw new IllegalStateException("the holders of a coupon are complete only once it is sold out");
            }
            if (holders != null) {
                holders.addAll(userIds);
                everyHolderKnown = true;
            }
        }

        boolean followed() {
            return holders != null;
        }
    }
}
