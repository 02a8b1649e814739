package dev.flashsale.balance.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void registersAUserUnderTheNameWithoutSurroundingBlanks() {
        User user = User.register("  kim ", NOW);

        assertThat(user.name()).isEqualTo("kim");
        assertThat(user.createdAt()).isEqualTo(NOW);
        assertThat(user.id()).isNull();
    }

    @Test
    void refusesABlankName() {
        for (String blank : new String[]{null, "", "   "}) {
            assertThatThrownBy(() -> User.register(blank, NOW)).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void refusesANameLongerThanTheMaximum() {
        assertThat(User.register("k".repeat(User.MAX_NAME_LENGTH), NOW).name()).hasSize(User.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> User.register("k".repeat(User.MAX_NAME_LENGTH + 1), NOW))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
