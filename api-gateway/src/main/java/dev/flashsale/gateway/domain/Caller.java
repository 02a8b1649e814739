package dev.flashsale.gateway.domain;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Who is calling, as the bearer token says: the user id ({@code sub}) and the roles ({@code roles}).
 * The one rule of ownership lives here: a user may act only for themselves, an admin for anyone.
 */
public record Caller(long userId, Set<String> roles) {

    public static final String ADMIN = "admin";

    private static final int MAX_SPELLING = 40;

    public Caller {
        if (userId <= 0) {
            throw new IllegalArgumentException("a user id is a positive integer, was " + userId);
        }
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /**
     * Whether this caller may act for the user a request names, in whatever spelling the request used
     * ({@code "7"}, {@code "007"}, {@code "+7"}, {@code 7.0}). Anything that is not provably this caller's
     * id counts as someone else: a service may read a spelling more generously than we do (Spring reads
     * {@code "0x8"} as 8), so doubt means no.
     */
    public boolean mayActFor(String presentedUserId) {
        if (isAdmin()) {
            return true;
        }
        // A long has at most 19 digits; a longer spelling is not worth parsing.
        if (presentedUserId == null || presentedUserId.length() > MAX_SPELLING) {
            return false;
        }
        try {
            return new BigDecimal(presentedUserId.trim()).compareTo(BigDecimal.valueOf(userId)) == 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
