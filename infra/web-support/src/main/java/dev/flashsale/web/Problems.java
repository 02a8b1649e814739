package dev.flashsale.web;

import dev.flashsale.contracts.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;

/** Builds the problem+json body every error of the system is answered with. */
public final class Problems {

    public static final String CODE = "code";

    /** Writes the same JSON as Spring MVC's converters: the extra properties sit next to the standard ones. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        return describe(problem, code);
    }

    /** Gives {@code problem} the type, title and code of {@code code} (the type replaces {@code about:blank}). */
    public static ProblemDetail describe(ProblemDetail problem, ErrorCode code) {
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty(CODE, code.name());
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
        return ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(of(code, detail));
    }

    /** {@link #response(ErrorCode, String)} with {@code Retry-After}: when the same request may succeed. */
    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, Duration retryAfter) {
        return ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)))
                .body(of(code, detail));
    }

    /** A wait as {@code Retry-After} gives it: whole seconds, rounded up, at least one. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * Answers a request straight from a servlet filter, where no {@code @ControllerAdvice} can help: the
     * same problem+json body a controller would give.
     */
    public static void write(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        response.setStatus(code.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), of(code, detail));
    }

    /** The code that stands for an HTTP status when nothing more specific is known. */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED;
        };
    }
}
