package dev.flashsale.messaging.testapp;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;

/** A message for the batch listener; its handler fails on purpose when {@code fail} is set. */
@MessageType(name = "BatchItem", topic = BatchItem.TOPIC)
public record BatchItem(String group, String id, boolean fail) implements Message {

    public static final String TOPIC = "test.batch-items.v1";

    @Override
    public String aggregateId() {
        return group;
    }
}
