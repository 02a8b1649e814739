package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.localstack.client.Api;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The run's users, made through the gateway as an operator would (admin API, then a token each), while the
 * warm-up runs beside them. Right after a start the services' first answers can take longer than the
 * gateway's time limit (503) or a connection can be refused: each step is asked again, with a new name for a
 * user, until it succeeds or {@link #PATIENCE} has passed. A user made twice by such a retry is only one
 * more user nobody uses.
 */
final class UserPool {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private UserPool() {
    }

    static List<User> make(Api api, String run, int count) {
        return Fixtures.parallel(count, i -> {
            long id = patiently("creating user " + i, attempt -> api.asAdmin("POST", "/api/v1/admin/users",
                    Map.of("name", run + "-user-" + i + (attempt == 0 ? "" : "-" + attempt)))).path("userId").asLong();
            String token = patiently("a token for user " + id, attempt -> api.send("POST", "/api/v1/dev/tokens",
                    Map.of("userId", id), null, null)).path("token").asString();
            return new User(id, token);
        });
    }

    /** {@code call(attempt)} until it answers 200 or 201; 503, 429 and no answer are asked again after a pause. */
    private static JsonNode patiently(String what, IntFunction<Api.Answer> call) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int attempt = 0; ; attempt++) {
            Api.Answer answer;
            try {
                answer = call.apply(attempt);
            } catch (IllegalStateException unreachable) {
                answer = new Api.Answer(0, Api.JSON.missingNode());
            }
            if (answer.status() == 200 || answer.status() == 201) {
                return answer.body();
            }
            boolean retryable = answer.status() == 503 || answer.status() == 429 || answer.status() == 0;
            if (!retryable || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": answered " + answer.status() + " " + answer.body());
            }
            Fixtures.sleep(Math.min(2000, 200L << Math.min(attempt, 4)));
        }
    }
}
