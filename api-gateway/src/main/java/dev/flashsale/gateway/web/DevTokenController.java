package dev.flashsale.gateway.web;

import dev.flashsale.gateway.security.DevTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Tokens for demos and tests on a developer's machine. Exists only in the {@code local} profile; in
 * every other profile this path answers 404 like any path that does not exist.
 */
@RestController
@Profile("local")
class DevTokenController {

    private final DevTokens tokens;

    DevTokenController(DevTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/api/v1/dev/tokens")
    TokenResponse issue(@Valid @RequestBody TokenRequest request) {
        return new TokenResponse(tokens.mint(request.userId(), request.roles() == null ? List.of() : request.roles()));
    }

    record TokenRequest(@NotNull @Positive Long userId, List<@NotBlank String> roles) {
    }

    record TokenResponse(String token) {
    }
}
