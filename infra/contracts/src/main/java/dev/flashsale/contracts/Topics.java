package dev.flashsale.contracts;

import java.util.List;

/**
 * Every Kafka topic of the system. The two {@code ecommerce.order-*} topics are public (the external
 * data platform reads them); the others are the services' own business, documented in
 * {@code docs/events.md}. A topic's name ends in its schema's major version.
 */
public final class Topics {

    /** Public: one event per completed order, for the data platform and the ranking. */
    public static final String ORDER_COMPLETED = "ecommerce.order-completed.v1";
    /** Public: one event per cancelled order, with its failure reason. */
    public static final String ORDER_CANCELLED = "ecommerce.order-cancelled.v1";

    /** balance-service announces every new user, so others keep their own copy of user ids. */
    public static final String USER_REGISTERED = "ecommerce.user-registered.v1";

    /** Saga commands to product-service: reserve and release stock (completed orders sell it). */
    public static final String STOCK_COMMANDS = "ecommerce.stock-commands.v1";
    /** Saga commands to coupon-service: use, restore a user's coupon. */
    public static final String COUPON_COMMANDS = "ecommerce.coupon-commands.v1";
    /** Saga commands to balance-service: deduct, refund. */
    public static final String BALANCE_COMMANDS = "ecommerce.balance-commands.v1";
    /** Every participant's reply to the order saga: one reply channel, keyed by order id. */
    public static final String ORDER_SAGA_REPLIES = "ecommerce.order-saga-replies.v1";

    public static final List<String> ALL = List.of(
            ORDER_COMPLETED, ORDER_CANCELLED, USER_REGISTERED,
            STOCK_COMMANDS, COUPON_COMMANDS, BALANCE_COMMANDS, ORDER_SAGA_REPLIES);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Where a message goes that its consumer could not handle after its retries. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
