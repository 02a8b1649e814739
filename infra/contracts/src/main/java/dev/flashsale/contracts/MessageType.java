package dev.flashsale.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a {@link Message} on the wire: its {@code type}, the topic it travels on, its schema version. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {

    /** The {@code type} field and header, e.g. {@code OrderCompleted}. Unique across the system. */
    String name();

    /** The one topic every message of this type is published to. */
    String topic();

    /** The schema version; bumped on a compatible change, a new topic for an incompatible one. */
    int version() default 1;
}
