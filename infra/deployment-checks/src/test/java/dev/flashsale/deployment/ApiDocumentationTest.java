package dev.flashsale.deployment;

import dev.flashsale.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/api.md's error table is the contract's: every code, its status, problem type and title, as the code has them. */
class ApiDocumentationTest {

    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `([A-Z_]+)` \\| (\\d{3}) \\| `(https://[^`]+)` \\| ([^|]+) \\|");

    @Test
    void theErrorTableListsEveryCodeWithItsStatusTypeAndTitle() {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Repository.read("docs/api.md"));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) + " " + row.group(3) + " " + row.group(4).strip());
        }

        Map<String, String> coded = new LinkedHashMap<>();
        Arrays.stream(ErrorCode.values()).forEach(code ->
                coded.put(code.name(), code.status() + " " + code.type() + " " + code.title()));
        assertThat(documented).isEqualTo(coded);
    }
}
