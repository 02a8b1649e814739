package dev.flashsale.contracts.events;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.Objects;

/** A user account exists from now on. Services that must know users keep their own copy of these. */
@MessageType(name = "UserRegistered", topic = Topics.USER_REGISTERED)
public record UserRegistered(long userId, String name) implements Message {
    public UserRegistered {
        Guards.positive(userId, "userId");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String aggregateId() {
        return Long.toString(userId);
    }
}
