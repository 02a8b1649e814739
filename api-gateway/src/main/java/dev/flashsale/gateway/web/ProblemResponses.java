package dev.flashsale.gateway.web;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;

/** The gateway's own answers on a route, in the same problem+json every service speaks. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static ServerResponse of(ErrorCode code, String detail) {
        return ServerResponse.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(code, detail));
    }

    /** With {@code Retry-After} in whole seconds, rounded up, at least one. */
    public static ServerResponse retryAfter(ErrorCode code, String detail, Duration wait) {
        return ServerResponse.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Problems.retryAfterSeconds(wait)))
                .body(Problems.of(code, detail));
    }
}
