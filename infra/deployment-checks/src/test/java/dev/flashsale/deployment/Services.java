package dev.flashsale.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * infra/services.yml, the one description of the services, which every deployment file must agree with. Read
 * here on its own (not through the local stack's reader) so that these checks judge the file as it is.
 */
record Services(String name, int port, Optional<String> database, List<String> routes,
                String metrics, String readiness, String liveness) {

    static final String PATH = "infra/services.yml";
    static final String GATEWAY = "api-gateway";

    /** Every service of the description, in its order (the gateway last). */
    static List<Services> all() {
        return Yaml.list(Yaml.read(PATH).get("services")).stream().map(Yaml::map).map(Services::of).toList();
    }

    /** The services behind the gateway, each with its own database. */
    static List<Services> backends() {
        return all().stream().filter(service -> !service.isGateway()).toList();
    }

    static Services named(String name) {
        return all().stream().filter(service -> service.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(PATH + " has no service " + name));
    }

    static List<String> names() {
        return all().stream().map(Services::name).toList();
    }

    boolean isGateway() {
        return name.equals(GATEWAY);
    }

    /** The gateway's key for it (configuration, route id, breaker): {@code balance} for balance-service. */
    String key() {
        return name.replace("-service", "");
    }

    /** The variable the gateway reads its URL from: {@code BALANCE_SERVICE_URL}. */
    String urlVariable() {
        return key().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_SERVICE_URL";
    }

    private static Services of(Map<String, Object> service) {
        return new Services(String.valueOf(service.get("name")), (Integer) service.get("port"),
                Optional.ofNullable((String) service.get("database")),
                Yaml.list(service.get("routes")).stream().map(String::valueOf).toList(),
                String.valueOf(service.get("metrics")), String.valueOf(service.get("readiness")),
                String.valueOf(service.get("liveness")));
    }
}
