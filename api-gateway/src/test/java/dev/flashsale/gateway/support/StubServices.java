package dev.flashsale.gateway.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One {@link StubService} per service behind the gateway, started once per test JVM, and the
 * initializer that points the gateway at them.
 */
public final class StubServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Map<String, StubService> STUBS = Arrays.stream(new String[]{"balance", "product", "coupon", "order", "ranking"})
            .collect(Collectors.toUnmodifiableMap(Function.identity(), StubService::start));

    public static StubService balance() {
        return STUBS.get("balance");
    }

    public static StubService product() {
        return STUBS.get("product");
    }

    public static StubService coupon() {
        return STUBS.get("coupon");
    }

    public static StubService order() {
        return STUBS.get("order");
    }

    public static StubService ranking() {
        return STUBS.get("ranking");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(STUBS.values().stream()
                        .map(stub -> "flashsale.gateway.services." + stub.name() + ".url=" + stub.url()))
                .applyTo(context);
    }
}
