package dev.flashsale.web.testapp;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.RetryLaterException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.web.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A service with one endpoint for each way a request can go wrong. */
@SpringBootApplication
public class ProblemTestApplication {

    public record Charge(@NotNull @Positive Long amount) {
    }

    @RestController
    static class Probes {
        private static final Logger log = LoggerFactory.getLogger(Probes.class);

        @GetMapping("/things/{id}")
        String thing(@PathVariable long id) {
            throw new DomainException(ErrorCode.PRODUCT_NOT_FOUND, "product " + id + " does not exist");
        }

        @GetMapping("/busy")
        String busy() {
            throw new RetryLaterException(ErrorCode.RATE_LIMITED, "too busy right now", java.time.Duration.ofMillis(1500));
        }

        @PostMapping("/charges")
        Charge charge(@Valid @RequestBody Charge charge) {
            return charge;
        }

        @GetMapping("/pages")
        String page(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
            return "ok";
        }

        /** Answers as a proxy passes on a service's answer: with the service's own trace id header. */
        @GetMapping("/proxied")
        ResponseEntity<String> proxied() {
            log.info("answering with a service's trace id header");
            return ResponseEntity.ok().header("X-Trace-Id", "0af7651916cd43dd8448eb211c80319c").body("ok");
        }

        /** Whose request this is, as a controller that takes a {@link Caller} sees it. */
        @GetMapping("/whoami")
        String whoami(Caller caller) {
            return Long.toString(caller.userId());
        }

        @GetMapping("/users/{userId}/things")
        String usersThings(@PathVariable long userId) {
            return "things of " + userId;
        }

        @GetMapping("/api/v1/admin/things")
        String adminThings() {
            return "admin things";
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals");
        }

        /** A bug that happens to throw IllegalArgumentException: nothing the client sent is wrong. */
        @GetMapping("/bug")
        String bug() {
            throw new IllegalArgumentException("a negative index from a bug");
        }

        @GetMapping("/database-gone")
        String databaseGone() {
            throw new IllegalStateException("Unable to rollback against JDBC Connection",
                    new java.sql.SQLException("Connection is closed"));
        }
    }
}
