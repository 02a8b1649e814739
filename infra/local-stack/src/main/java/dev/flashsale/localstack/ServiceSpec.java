package dev.flashsale.localstack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service of the system as {@code infra/services.yml} describes it (this jar carries a copy): its module,
 * jar and process name, its port, the database it owns (none for the gateway), the gateway's path patterns for
 * it, and its actuator paths for metrics, readiness (ready for work) and liveness.
 */
public record ServiceSpec(String name, int port, String database, List<String> routes,
                          String metricsPath, String readinessPath, String livenessPath) {

    /** The description's resource in this jar, copied from {@code infra/services.yml} at build time. */
    static final String RESOURCE = "/dev/flashsale/localstack/services.yml";

    /** Every service of the system, in the order they are started (the gateway last). */
    public static final List<ServiceSpec> ALL = load();

    public ServiceSpec {
        Objects.requireNonNull(name, "a service needs a name");
        routes = routes == null ? List.of() : List.copyOf(routes);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(name + ": port " + port + " is not a port");
        }
        for (String path : new String[] {metricsPath, readinessPath, livenessPath}) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(name + ": its metrics, readiness and liveness paths start with /, was " + path);
            }
        }
    }

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    public static ServiceSpec named(String name) {
        return ALL.stream().filter(spec -> spec.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name + "; known: "
                        + ALL.stream().map(ServiceSpec::name).toList()));
    }

    /** The services of a description in the format of {@code infra/services.yml}. */
    @SuppressWarnings("unchecked")
    static List<ServiceSpec> parse(InputStream description) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(description);
        List<Map<String, Object>> services = (List<Map<String, Object>>) root.get("services");
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("the service description lists no services");
        }
        List<ServiceSpec> specs = services.stream().map(service -> new ServiceSpec(
                (String) service.get("name"),
                (Integer) service.get("port"),
                (String) service.get("database"),
                (List<String>) service.get("routes"),
                (String) service.get("metrics"),
                (String) service.get("readiness"),
                (String) service.get("liveness"))).toList();
        if (specs.stream().map(ServiceSpec::name).distinct().count() != specs.size()
                || specs.stream().map(ServiceSpec::port).distinct().count() != specs.size()) {
            throw new IllegalArgumentException("every service needs its own name and port: " + specs);
        }
        return specs;
    }

    private static List<ServiceSpec> load() {
        try (InputStream description = ServiceSpec.class.getResourceAsStream(RESOURCE)) {
            if (description == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (built from infra/services.yml)");
            }
            return parse(description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
