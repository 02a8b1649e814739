package dev.flashsale.gateway.security;

import dev.flashsale.web.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link Caller} behind an authenticated request; empty for an anonymous one. */
public final class Callers {

    static final String ROLE_PREFIX = "ROLE_";

    private Callers() {
    }

    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<Caller> of(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return Optional.empty();
        }
        // JwtConfiguration refuses a token whose subject is not a positive integer, so this parse cannot fail.
        return Optional.of(new Caller(Long.parseLong(token.getName()), roles(token)));
    }

    private static Set<String> roles(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
