package dev.flashsale.contracts;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Reads the {@link MessageType} of a message class once and keeps it. */
public final class MessageTypes {

    private static final Map<Class<?>, Descriptor> DESCRIPTORS = new ConcurrentHashMap<>();

    private MessageTypes() {
    }

    public static Descriptor of(Class<? extends Message> messageClass) {
        return DESCRIPTORS.computeIfAbsent(messageClass, MessageTypes::describe);
    }

    private static Descriptor describe(Class<?> messageClass) {
        MessageType type = messageClass.getAnnotation(MessageType.class);
        if (type == null) {
            throw new IllegalArgumentException(messageClass.getName() + " is not annotated with @MessageType");
        }
        return new Descriptor(type.name(), type.topic(), type.version());
    }

    /** What the wire knows of a message class. */
    public record Descriptor(String name, String topic, int version) {
        public Descriptor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topic, "topic");
        }
    }
}
