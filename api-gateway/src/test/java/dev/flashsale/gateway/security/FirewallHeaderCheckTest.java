package dev.flashsale.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header check, written as a loop, decides exactly as Spring Security's regular expressions do. */
class FirewallHeaderCheckTest {

    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCharacterOfLatin1AndSomeBeyondIsJudgedAsTheRegularExpressionsJudgeIt() {
        for (char c = 0; c < 0x3000; c++) {
            String one = String.valueOf(c);
            assertThat(SecurityConfiguration.allAssignedAndNotControl(one, false)).as("name U+%04X", (int) c)
                    .isEqualTo(NAME.matcher(one).matches());
            assertThat(SecurityConfiguration.allAssignedAndNotControl(one, true)).as("value U+%04X", (int) c)
                    .isEqualTo(VALUE.matcher(one).matches());
        }
        for (String value : List.of("", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x", "a\tb", "a\nb", "\uD83D\uDE00", "\uD800", "x\u0085y")) {
            assertThat(SecurityConfiguration.allAssignedAndNotControl(value, false)).as(value).isEqualTo(NAME.matcher(value).matches());
            assertThat(SecurityConfiguration.allAssignedAndNotControl(value, true)).as(value).isEqualTo(VALUE.matcher(value).matches());
        }
    }
}
