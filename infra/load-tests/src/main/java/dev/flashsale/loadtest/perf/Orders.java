package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.User;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Placing an order as a careful client does: {@code POST /api/v1/orders} with an {@code Idempotency-Key}, sent
 * again with the same key and body while the answer is 429, 503 or none at all (after {@code Retry-After}, or a
 * growing pause), then reading the order with {@code ?waitMs=} until it is no longer {@code PENDING}.
 */
final class Orders {

    static final String PENDING = "PENDING";
    /** The client stopped waiting (an order that never ended in the time given). */
    static final String STILL_PENDING = "STILL_PENDING";

    private static final long WAIT_MS = 5000;

    private final LoadClient client;
    private final String gateway;

    Orders(LoadClient client, String gateway) {
        this.client = client;
        this.gateway = gateway;
    }

    /** What a submission got: an order id (or -1 and the refusal's code), how often it was sent again, when it began. */
    record Submitted(long orderId, String refusal, int retries, long firstAttemptMillis, long answeredNanos) {

        boolean accepted() {
            return orderId > 0;
        }
    }

    /** Submits until accepted, refused for good, or {@code giveUpAfter} has passed since the first attempt. */
    Submitted submit(User user, String body, String idempotencyKey, Duration giveUpAfter) {
        long firstMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long deadline = start + giveUpAfter.toNanos();
        HttpRequest request = LoadClient.post(gateway + "/api/v1/orders", body,
                Map.of("Authorization", "Bearer " + user.token(), "Idempotency-Key", idempotencyKey));
        for (int attempt = 0; ; attempt++) {
            LoadClient.Answer answer = client.send(request);
            if (answer.status() == 202) {
                return new Submitted(answer.json().path("orderId").asLong(), null, attempt, firstMillis, System.nanoTime() - start);
            }
            if (!answer.retryable() || System.nanoTime() > deadline) {
                return new Submitted(-1, answer.outcome(), attempt, firstMillis, System.nanoTime() - start);
            }
            Fixtures.sleep(backoffMillis(answer, attempt));
        }
    }

    /** Reads the order (long-polling) until it ended; its status, or the reason of a cancellation. */
    String awaitEnd(User user, long orderId, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        HttpRequest read = LoadClient.get(gateway + "/api/v1/orders/" + orderId + "?waitMs=" + WAIT_MS,
                LoadClient.bearer(user.token()));
        while (System.nanoTime() < deadline) {
            LoadClient.Answer answer = client.send(read);
            if (answer.status() == 200) {
                String outcome = outcome(answer);
                if (!PENDING.equals(outcome)) {
                    return outcome;
                }
            } else {
                Fixtures.sleep(backoffMillis(answer, 0));
            }
        }
        return STILL_PENDING;
    }

    /** The same without a thread per order: for an open model where hundreds of orders are in flight at once. */
    CompletableFuture<Ended> submitAndAwaitAsync(User user, String body, Duration max, Executor delayer) {
        long deadline = System.nanoTime() + max.toNanos();
        HttpRequest request = LoadClient.post(gateway + "/api/v1/orders", body,
                Map.of("Authorization", "Bearer " + user.token(), "Idempotency-Key", java.util.UUID.randomUUID().toString()));
        return submitAsync(request, 0, deadline, delayer).<Ended>thenCompose(answer -> {
            if (answer.status() != 202) {
                return CompletableFuture.completedFuture(new Ended(-1, answer.outcome()));
            }
            long orderId = answer.json().path("orderId").asLong();
            HttpRequest read = LoadClient.get(gateway + "/api/v1/orders/" + orderId + "?waitMs=" + WAIT_MS,
                    LoadClient.bearer(user.token()));
            return awaitAsync(read, deadline, delayer).thenApply(outcome -> new Ended(orderId, outcome));
        }).toCompletableFuture();
    }

    record Ended(long orderId, String outcome) {
    }

    private CompletionStage<LoadClient.Answer> submitAsync(HttpRequest request, int attempt, long deadline, Executor delayer) {
        return client.sendAsync(request).thenCompose(answer -> {
            if (answer.status() == 202 || !answer.retryable() || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(answer);
            }
            return CompletableFuture.supplyAsync(() -> null, delayed(backoffMillis(answer, attempt), delayer))
                    .thenCompose(ignored -> submitAsync(request, attempt + 1, deadline, delayer));
        });
    }

    private CompletionStage<String> awaitAsync(HttpRequest read, long deadline, Executor delayer) {
        return client.sendAsync(read).thenCompose(answer -> {
            if (answer.status() == 200) {
                String outcome = outcome(answer);
                if (!PENDING.equals(outcome)) {
                    return CompletableFuture.completedFuture(outcome);
                }
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(STILL_PENDING);
            }
            long pause = answer.status() == 200 ? 0 : backoffMillis(answer, 0);
            return CompletableFuture.supplyAsync(() -> null, delayed(pause, delayer))
                    .thenCompose(ignored -> awaitAsync(read, deadline, delayer));
        });
    }

    private static Executor delayed(long millis, Executor executor) {
        return millis <= 0 ? executor : CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, executor);
    }

    /** {@code COMPLETED}, the failure reason of a {@code CANCELLED} order, or {@code PENDING}. */
    private static String outcome(LoadClient.Answer answer) {
        var order = answer.json();
        String status = order.path("status").asString("");
        if ("CANCELLED".equals(status) && order.path("failureReason").isString()) {
            return order.path("failureReason").asString();
        }
        return status;
    }

    /** {@code Retry-After} when the answer has one, else 100 ms doubling to 2 s, with jitter so retries do not align. */
    static long backoffMillis(LoadClient.Answer answer, int attempt) {
        if (answer.retryAfterSeconds().isPresent()) {
            return answer.retryAfterSeconds().getAsLong() * 1000 + ThreadLocalRandom.current().nextLong(100);
        }
        long base = Math.min(2000, 100L << Math.min(attempt, 5));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }
}
