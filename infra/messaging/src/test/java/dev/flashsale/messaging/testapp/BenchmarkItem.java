package dev.flashsale.messaging.testapp;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;

/** A message for ConsumerBenchmarkIT, about the size of a saga command. */
@MessageType(name = "BenchmarkItem", topic = BenchmarkItem.TOPIC)
public record BenchmarkItem(long orderId, long userId, long amount, String note) implements Message {

    public static final String TOPIC = "test.benchmark-items.v1";

    @Override
    public String aggregateId() {
        return Long.toString(orderId);
    }
}
