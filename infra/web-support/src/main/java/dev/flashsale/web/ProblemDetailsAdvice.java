package dev.flashsale.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.RetryLaterException;
import dev.flashsale.contracts.ErrorCode;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.stream.Collectors;

/**
 * Maps every exception a request can end in to problem+json with a stable {@code code} and its problem
 * {@code type}: a {@link DomainException} with its own code, Spring MVC's exceptions (malformed JSON, a
 * missing or invalid field, an unknown path, a wrong method) with the code of their status, and anything
 * else, an {@link IllegalArgumentException} included, to a 500 that says nothing of the internals. A
 * service may add its own advice ahead of this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        if (e instanceof RetryLaterException later) {
            return Problems.response(later.code(), later.detail(), later.retryAfter());
        }
        return Problems.response(e.code(), e.detail());
    }

    /**
     * Bean Validation of a method's parameters. An {@link IllegalArgumentException} is not mapped here: a
     * check of the input throws {@code DomainException(VALIDATION_FAILED)}, so an IAE left is a bug (500).
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalid(ConstraintViolationException e) {
        return Problems.response(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.response(ErrorCode.VALIDATION_FAILED, e.getName() + " has an invalid value");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            // Not a bug: the database is restarting or unreachable. As with any lost connection, a write in flight
            // may or may not have committed; a retry with the same Idempotency-Key is safe either way.
            log.warn("Database unavailable: {}", e.toString());
            return Problems.response(ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable; try again shortly");
        }
        log.error("Unhandled exception", e);
        return Problems.response(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = e.getBindingResult().getAllErrors().stream()
                    .map(error -> String.valueOf(error.getDefaultMessage())).collect(Collectors.joining("; "));
        }
        return problem(ErrorCode.VALIDATION_FAILED, detail);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(ErrorCode.VALIDATION_FAILED, detail);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return problem(ErrorCode.VALIDATION_FAILED, "the request body is not valid JSON of the expected shape");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ErrorCode code = Problems.codeFor(status.value());
        ProblemDetail problem = Problems.describe(body instanceof ProblemDetail given ? given : Problems.of(code, e.getMessage()), code);
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String detail) {
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(code, detail));
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
