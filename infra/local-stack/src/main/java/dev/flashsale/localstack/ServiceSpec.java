package dev.flashsale.localstack;

import java.util.List;
import java.util.Optional;

/**
 * A service the stack runs: its module (and jar) name, its database (none for the gateway), its port
 * and the health path that says it is ready for work.
 */
public record ServiceSpec(String name, String database, int port, String readinessPath) {

    /** Every service of the system, in the order they are started. */
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("balance-service", "balance", 8081, "/actuator/health/readiness"),
            new ServiceSpec("product-service", "product", 8082, "/actuator/health/readiness"),
            new ServiceSpec("coupon-service", "coupon", 8083, "/actuator/health/readiness"),
            new ServiceSpec("order-service", "orders", 8084, "/actuator/health/readiness"),
            new ServiceSpec("ranking-service", "ranking", 8085, "/actuator/health/readiness"),
            new ServiceSpec("api-gateway", null, 8080, "/actuator/health/readiness"));

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    public static ServiceSpec named(String name) {
        return ALL.stream().filter(spec -> spec.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name + "; known: "
                        + ALL.stream().map(ServiceSpec::name).toList()));
    }
}
