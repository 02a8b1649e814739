package dev.flashsale.balance.application;

import java.time.OffsetDateTime;

/** A user account: {@code {"userId": 7, "name": "kim", "createdAt": "..."}}. */
public record UserView(long userId, String name, OffsetDateTime createdAt) {
}
