package dev.flashsale.balance.web;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.application.UserView;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.flashsale.balance.web.BalanceApiIT.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

@BalanceIntegrationTest
class UserApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    MessageCodec codec;
    @Autowired
    JdbcClient jdbc;

    @Test
    void registersAUserAndAnnouncesItOnTheUserRegisteredTopic() {
        String name = "kim-" + UUID.randomUUID();

        UserView user = register("{\"name\": \"" + name + "\"}", null)
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/users/\\d+")
                .expectBody(UserView.class).returnResult().getResponseBody();

        assertThat(user.userId()).isPositive();
        assertThat(user.name()).isEqualTo(name);
        assertThat(user.createdAt()).isNotNull();
        try (TopicReader reader = TopicReader.fromBeginning(Topics.USER_REGISTERED)) {
            List<ConsumerRecord<String, String>> announced = reader.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.key().equals(Long.toString(user.userId()))), Duration.ofSeconds(30))
                    .stream().filter(r -> r.key().equals(Long.toString(user.userId()))).toList();
            assertThat(announced).hasSize(1);
            assertThat(codec.payload(codec.decode(announced.get(0).value()), UserRegistered.class))
                    .isEqualTo(new UserRegistered(user.userId(), name));
        }
    }

    @Test
    void aRegisteredUserCanBeLookedUp() {
        UserView user = register("{\"name\": \"lee\"}", null).expectStatus().isCreated()
                .expectBody(UserView.class).returnResult().getResponseBody();

        http.get().uri("/api/v1/users/{id}", user.userId()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(user.userId())
                .jsonPath("$.name").isEqualTo("lee")
                .jsonPath("$.createdAt").value(String.class, at -> assertThat(at).endsWith("+09:00"));
    }

    @Test
    void anUnknownUserIsUserNotFound() {
        expectProblem(http.get().uri("/api/v1/users/{id}", Long.MAX_VALUE).exchange(), HttpStatus.NOT_FOUND, "USER_NOT_FOUND");
    }

    @Test
    void aUserNeedsANameOfAtMostAHundredCharacters() {
        long usersBefore = users();

        for (String body : new String[]{"{}", "{\"name\": \"\"}", "{\"name\": \"   \"}",
                "{\"name\": \"" + "k".repeat(101) + "\"}", "{\"name\": 7", "[]"}) {
            expectProblem(register(body, null), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
        }

        assertThat(users()).isEqualTo(usersBefore);
    }

    @Test
    void aRetriedRegistrationWithTheSameIdempotencyKeyCreatesOneUser() {
        String key = UUID.randomUUID().toString();
        long usersBefore = users();

        UserView first = register("{\"name\": \"park\"}", key).expectStatus().isCreated()
                .expectBody(UserView.class).returnResult().getResponseBody();
        UserView retry = register("{\"name\": \"park\"}", key).expectStatus().isCreated()
                .expectBody(UserView.class).returnResult().getResponseBody();

        assertThat(retry).isEqualTo(first);
        assertThat(users()).isEqualTo(usersBefore + 1);
        expectProblem(register("{\"name\": \"choi\"}", key), HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED");
    }

    private RestTestClient.ResponseSpec register(String body, String idempotencyKey) {
        RestTestClient.RequestBodySpec request = http.post().uri("/api/v1/admin/users").contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).exchange();
    }

    private long users() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }
}
