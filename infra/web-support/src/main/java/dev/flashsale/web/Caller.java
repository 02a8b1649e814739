package dev.flashsale.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Who is calling: the user id and roles of the bearer token the api-gateway checked, relayed to the service in a
 * signed {@link GatewayHeaders#CALLER} header ({@link GatewayIdentity}). The one rule of ownership lives here: a
 * user may act only for themselves, an admin for anyone.
 *
 * <p>A controller takes it as a parameter; the request is then refused with 401 {@code UNAUTHORIZED} unless it
 * carries an authenticated caller.
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

    public boolean mayActFor(long presentedUserId) {
        return isAdmin() || presentedUserId == userId;
    }

    /**
     * Whether this caller may act for the user a request names, in whatever spelling the request used
     * ({@code "7"}, {@code "007"}, {@code "+7"}, {@code 7.0}). Anything that is not provably this caller's
     * id counts as someone else: Spring reads a spelling more generously than this ({@code "0x8"} as 8),
     * so doubt means no.
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

    /** Refuses with 403 {@code FORBIDDEN} unless this caller may act for {@code userId}. */
    public void mustActFor(long presentedUserId) {
        if (!mayActFor(presentedUserId)) {
            throw notTheirs();
        }
    }

    /** Refuses with 403 {@code FORBIDDEN} unless this caller is an admin. */
    public void mustBeAdmin() {
        if (!isAdmin()) {
            throw new DomainException(ErrorCode.FORBIDDEN, "this needs the admin role");
        }
    }

    static DomainException notTheirs() {
        return new DomainException(ErrorCode.FORBIDDEN, "a user may only read or act on their own user id");
    }
}
