package dev.flashsale.web;

import dev.flashsale.contracts.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container refusing a request, an error in a
 * filter) are forwarded to {@code /error}; they get problem+json too, never Spring Boot's default body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : 500;
        ErrorCode errorCode = Problems.codeFor(code);
        ResponseEntity<ProblemDetail> response = Problems.response(errorCode, errorCode.title());
        return ResponseEntity.status(code).headers(response.getHeaders()).body(response.getBody());
    }
}
