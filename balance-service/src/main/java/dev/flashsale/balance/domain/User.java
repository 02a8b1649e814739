package dev.flashsale.balance.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/** A customer's account. Its balance and ledger refer to it by id. */
@Entity
@Table(name = "users")
public class User {

    public static final int MAX_NAME_LENGTH = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private Instant createdAt;

    protected User() {
        // for JPA
    }

    private User(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public static User register(String name, Instant at) {
        if (name == null || name.isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "a user needs a name");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "a name has at most " + MAX_NAME_LENGTH + " characters, this one has " + trimmed.length());
        }
        return new User(trimmed, Objects.requireNonNull(at, "at"));
    }

    /** The id the database gave the account; null until it is saved. */
    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
