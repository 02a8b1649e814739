package dev.flashsale.contracts;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {

    @Test
    void eachCodeIsAProblemTypeOfItsOwnUnderTheProjectsBase() {
        assertThat(ErrorCode.OUT_OF_STOCK.type()).isEqualTo(URI.create("https://flashsale.dev/problems/out-of-stock"));
        assertThat(ErrorCode.VALIDATION_FAILED.type()).hasToString("https://flashsale.dev/problems/validation-failed");
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::type))
                .doesNotHaveDuplicates()
                .allSatisfy(type -> {
                    assertThat(type.isAbsolute()).isTrue();
                    assertThat(type.toString()).startsWith(ErrorCode.PROBLEM_TYPE_BASE).matches("[a-z:/.]+[a-z-]+");
                });
    }
}
