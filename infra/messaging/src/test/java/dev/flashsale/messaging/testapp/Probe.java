package dev.flashsale.messaging.testapp;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;

/** A message whose handler fails on purpose when {@code fail} is set. */
@MessageType(name = "Probe", topic = Probe.TOPIC)
public record Probe(String id, boolean fail) implements Message {

    public static final String TOPIC = "test.probes.v1";

    @Override
    public String aggregateId() {
        return "probes";
    }
}
