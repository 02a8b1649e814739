package dev.flashsale.contracts;

import java.util.Objects;

/**
 * A rule of the domain said no. Carries the stable {@link ErrorCode} that clients and saga replies
 * see, and a detail written for a person ("variant 12 has 3 left, 5 requested").
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String detail) {
        super(detail);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }
}
