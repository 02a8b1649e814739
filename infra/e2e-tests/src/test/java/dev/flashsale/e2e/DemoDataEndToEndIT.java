package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.localstack.DemoData;
import dev.flashsale.localstack.client.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo data the README's start command shows, created through the gateway on a running stack. */
class DemoDataEndToEndIT {

    @TempDir
    Path dataDir;

    @Test
    void createsTheDemoDataOncePerDataDirectoryWithAnOrderCompletedThroughTheSaga() throws Exception {
        E2eStack stack = E2eStack.get();

        String summary = DemoData.ensure(stack.gatewayUrl(), dataDir);

        assertThat(summary).contains("Limited sneakers", "Flash sale 10% off", "COMPLETED", "paid 119000 won");
        Api api = new Api(stack.gatewayUrl());
        long kim = idAfter(summary, "kim #");
        // 129,000 won sneakers, 10% capped at 10,000 won: kim paid 119,000 of his 1,000,000.
        assertThat(api.asAdmin("GET", "/api/v1/users/" + kim + "/balance", null).expect(200, "kim's balance")
                .body().path("balance").asLong()).isEqualTo(881_000);
        assertThat(api.asAdmin("GET", "/api/v1/users/" + kim + "/coupons?status=USED", null).expect(200, "kim's coupons")
                .body().path("items")).hasSize(1);

        assertThat(DemoData.ensure(stack.gatewayUrl(), dataDir)).as("a second start shows the same data").isEqualTo(summary);
        assertThat(Files.readString(dataDir.resolve("demo-data.txt"))).isEqualTo(summary);
    }

    private static long idAfter(String text, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "(\\d+)").matcher(text);
        assertThat(matcher.find()).as(label + " in " + text).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
