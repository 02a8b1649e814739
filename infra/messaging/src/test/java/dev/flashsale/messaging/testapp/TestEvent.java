package dev.flashsale.messaging.testapp;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;

/** The {@code sequence}-th event of {@code aggregate}, in commit order. */
@MessageType(name = "TestEvent", topic = TestEvent.TOPIC)
public record TestEvent(String aggregate, int sequence, String note) implements Message {

    public static final String TOPIC = "test.events.v1";

    @Override
    public String aggregateId() {
        return aggregate;
    }
}
