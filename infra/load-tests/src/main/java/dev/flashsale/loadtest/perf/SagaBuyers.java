package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures.Product;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.fixture.Fixtures.VariantDraft;

import java.util.List;

/**
 * The order of the e2e saga benchmark, once per buyer: one unit of one variant (every buyer's order locks the
 * same stock row, the hot product of a flash sale), the buyer's own coupon, the balance deducted. Each buyer has
 * exactly the money and the coupon for one order, so every order completes and both the saga and its floor
 * ({@link dev.flashsale.testkit.SagaFloor}) do the same work.
 */
record SagaBuyers(List<User> users, List<Long> userCoupons, long variantId) {

    static final long PRICE = 10_000;
    static final long DISCOUNT = 1_000;

    static SagaBuyers prepare(PerfContext context, List<User> users, String name) {
        Product product = context.fixtures().product(name, List.of(new VariantDraft("one", PRICE, users.size())));
        long coupon = context.fixtures().coupon(name, DISCOUNT, users.size());
        context.fixtures().charge(users, i -> PRICE);
        List<Long> userCoupons = context.fixtures().issue(coupon, users);
        return new SagaBuyers(List.copyOf(users), userCoupons, product.variantIds().get(0));
    }

    User user(int i) {
        return users.get(i);
    }

    String body(int i) {
        return "{\"userId\": " + users.get(i).id() + ", \"items\": [{\"variantId\": " + variantId
                + ", \"quantity\": 1}], \"userCouponId\": " + userCoupons.get(i) + "}";
    }

    int size() {
        return users.size();
    }
}
