package dev.flashsale.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTest {

    private final Caller user7 = new Caller(7, Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"7", "007", "+7", " 7 ", "7.0", "7.000"})
    void aUserMayActForThemselvesHoweverTheirIdIsSpelled(String spelling) {
        assertThat(user7.mayActFor(spelling)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "70", "-7", "7.5", "0x7", "0x8", "7e0x", "me", "", "1e999999999",
            "70000000000000000000000000000000000000000000000007"})
    void anythingThatIsNotPlainlyTheirOwnIdIsSomeoneElse(String spelling) {
        assertThat(user7.mayActFor(spelling)).isFalse();
    }

    @Test
    void noIdAtAllIsNotTheirs() {
        assertThat(user7.mayActFor(null)).isFalse();
    }

    @Test
    void anAdminMayActForAnyone() {
        Caller admin = new Caller(1, Set.of("admin"));
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.mayActFor("8")).isTrue();
        assertThat(admin.mayActFor("0x8")).isTrue();
    }

    @Test
    void otherRolesGiveNoPowerOverOtherUsers() {
        Caller support = new Caller(7, Set.of("support", "Admin"));
        assertThat(support.isAdmin()).isFalse();
        assertThat(support.mayActFor("8")).isFalse();
    }

    @Test
    void aCheckThatFailsIsAForbiddenWithItsReason() {
        assertThatThrownBy(() -> user7.mustActFor(8)).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(user7::mustBeAdmin).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.detail()).isEqualTo("this needs the admin role"));
        user7.mustActFor(7);
        new Caller(1, Set.of("admin")).mustActFor(8);
    }

    @Test
    void aCallerIsAlwaysAUserWithAPositiveId() {
        assertThatThrownBy(() -> new Caller(0, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Caller(-3, Set.of("admin"))).isInstanceOf(IllegalArgumentException.class);
    }
}
