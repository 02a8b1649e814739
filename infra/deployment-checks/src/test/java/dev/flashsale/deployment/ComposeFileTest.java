package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml (closed by default: no dev tokens, no database port, no secret with a default) and
 * compose.local.yml (the demo, asked for by name): valid for docker-compose, and the services wired as
 * infra/services.yml describes them.
 */
class ComposeFileTest {

    static final String BASE = "docker-compose.yml";
    static final String LOCAL = "compose.local.yml";
    static final String LOCAL_ENV = "compose.local.env";
    /** The secrets docker-compose.yml refuses to start without. */
    static final List<String> REQUIRED_SECRETS = List.of("POSTGRES_PASSWORD", "GATEWAY_SECRET", "JWT_SECRET", "GRAFANA_ADMIN_PASSWORD");

    private static final Pattern JAR = Pattern.compile("([a-z-]+)/target/\\1-0\\.1\\.0-SNAPSHOT-exec\\.jar");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(\\w+):\\?([^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY).*");

    @Test
    void dockerComposeAcceptsTheFileWhenEverySecretIsSet() {
        Tool.DOCKER_COMPOSE.run("--env-file", LOCAL_ENV, "-f", BASE, "config", "-q");
    }

    @Test
    void dockerComposeRefusesToStartWithoutEachSecretAndNamesIt() throws Exception {
        for (String missing : REQUIRED_SECRETS) {
            var envFile = Files.createTempFile("compose-", ".env");
            try {
                StringBuilder others = new StringBuilder();
                REQUIRED_SECRETS.stream().filter(name -> !name.equals(missing))
                        .forEach(name -> others.append(name).append("=a-value-for-the-test-of-").append(missing).append('\n'));
                Files.writeString(envFile, others);
                Tool.Outcome outcome = Tool.DOCKER_COMPOSE.attempt(Set.copyOf(REQUIRED_SECRETS),
                        "--env-file", envFile.toString(), "-f", BASE, "config", "-q");
                assertThat(outcome.exitCode()).as("docker-compose without " + missing).isNotZero();
                assertThat(outcome.output()).as("docker-compose's error without " + missing).contains("set " + missing);
            } finally {
                Files.delete(envFile);
            }
        }
    }

    @Test
    void noSecretHasADefaultAndEveryRequiredOneSaysWhatToSet() {
        List<String> problems = new ArrayList<>();
        Map<String, String> requiredSeen = new LinkedHashMap<>();
        services(BASE).forEach((name, service) -> Yaml.map(Yaml.map(service).get("environment")).forEach((variable, value) -> {
            String text = String.valueOf(value);
            Matcher required = REQUIRED.matcher(text);
            if (required.matches()) {
                requiredSeen.put(required.group(1), required.group(2));
                if (!required.group(2).contains("set " + required.group(1))) {
                    problems.add(name + " " + variable + ": the error must say 'set " + required.group(1) + "', says " + required.group(2));
                }
            } else if (SECRET_NAME.matcher(variable).matches()) {
                problems.add(name + " " + variable + " = " + text + ": a secret must be ${NAME:?set NAME ...}, never a default");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(requiredSeen.keySet()).containsExactlyInAnyOrderElementsOf(REQUIRED_SECRETS);
        String base = Repository.read(BASE);
        for (String line : Repository.read(LOCAL_ENV).lines().filter(line -> line.contains("=")).toList()) {
            String demoValue = line.substring(line.indexOf('=') + 1);
            assertThat(base).as("docker-compose.yml must not know the demo's " + line).doesNotContain(demoValue);
        }
        assertThat(Repository.read(".gitignore").lines()).as("an .env file with real secrets is never committed").contains(".env");
    }

    @Test
    void theBaseFileOpensNoDoorTheLocalProfileOrAPublicPortWouldOpen() {
        Map<String, Object> services = services(BASE);
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            Map<String, Object> environment = Yaml.map(Yaml.map(service).get("environment"));
            if (environment.containsKey("SPRING_PROFILES_ACTIVE")) {
                problems.add(name + " chooses a Spring profile (the local one belongs in " + LOCAL + " only)");
            }
            for (Object port : Yaml.list(Yaml.map(service).get("ports"))) {
                if (!name.equals(Services.GATEWAY) && !String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add(name + " publishes " + port + " beyond this host's loopback");
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(Yaml.map(services.get("postgres"))).as("PostgreSQL publishes no port").doesNotContainKey("ports");
        assertThat(Yaml.map(services.get("kafka"))).as("Kafka publishes no port").doesNotContainKey("ports");
        assertThat(Yaml.list(Yaml.map(services.get(Services.GATEWAY)).get("ports"))).containsExactly("8080:8080");
        assertThat(Yaml.map(Yaml.map(services.get("grafana")).get("environment")))
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
    }

    @Test
    void theLocalDemoTurnsOnTheLocalProfileOnlyWhenAskedForByName() {
        Map<String, Object> merged = Yaml.map(Yaml.parse(Tool.DOCKER_COMPOSE.run(
                "--env-file", LOCAL_ENV, "-f", BASE, "-f", LOCAL, "config")).get("services"));
        for (String name : Services.names()) {
            assertThat(Yaml.map(Yaml.map(merged.get(name)).get("environment")))
                    .as(name + " in the demo").containsEntry("SPRING_PROFILES_ACTIVE", "local");
        }
        assertThat(String.valueOf(Yaml.list(Yaml.map(merged.get("postgres")).get("ports"))))
                .as("the demo's PostgreSQL is published on loopback only").contains("127.0.0.1").contains("5432");

        Map<String, Object> demoData = Yaml.map(merged.get("demo-data"));
        assertThat(Yaml.map(Yaml.map(demoData.get("depends_on")).get(Services.GATEWAY)))
                .as("the demo data waits for a ready gateway").containsEntry("condition", "service_healthy");
        assertThat(String.valueOf(demoData.get("command")))
                .contains("--gateway=http://" + Services.GATEWAY + ":" + Services.named(Services.GATEWAY).port());
        String jar = String.valueOf(Yaml.map(Yaml.map(Yaml.read(LOCAL).get("services")).get("demo-data")).get("build"));
        assertThat(jar).contains("infra/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        assertThat(Repository.read("infra/docker/demo-data.Dockerfile")).contains("dev.flashsale.localstack.DemoData");
    }

    @Test
    void postgresRunsWithLogicalReplicationAndKafkaInKraftMode() {
        assertThat(Yaml.list(service("postgres").get("command"))).containsSubsequence("-c", "wal_level=logical");
        Map<String, Object> kafka = Yaml.map(service("kafka").get("environment"));
        assertThat(String.valueOf(kafka.get("KAFKA_PROCESS_ROLES"))).contains("controller");
        assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void everyServiceOfTheDescriptionIsBuiltFromItsOwnJarAndReadsItsAddressesFromTheEnvironment() {
        assertThat(services(BASE).keySet()).containsAll(Services.names());
        for (Services described : Services.all()) {
            String name = described.name();
            Map<String, Object> service = service(name);
            Map<String, Object> build = Yaml.map(service.get("build"));
            assertThat(build.get("dockerfile")).as(name).isEqualTo("infra/docker/service.Dockerfile");
            Matcher jar = JAR.matcher(String.valueOf(Yaml.map(build.get("args")).get("JAR")));
            assertThat(jar.matches()).as(name + " JAR " + Yaml.map(build.get("args")).get("JAR")).isTrue();
            assertThat(jar.group(1)).as(name).isEqualTo(name);
            assertThat(Files.isRegularFile(Repository.file(name + "/pom.xml"))).as(name + "/pom.xml").isTrue();

            Map<String, Object> environment = Yaml.map(service.get("environment"));
            assertThat(environment).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("PORT", String.valueOf(described.port()))
                    .as(name + ": one broker holds one copy of a topic")
                    .containsEntry("KAFKA_TOPIC_REPLICATION_FACTOR", "1").containsEntry("KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1");
            assertThat(String.valueOf(environment.get("GATEWAY_SECRET"))).as(name).startsWith("${GATEWAY_SECRET:?");
            assertThat(Yaml.map(service.get("healthcheck")).get("test").toString()).as(name).contains(described.readiness());
            described.database().ifPresentOrElse(
                    database -> assertThat(environment).as(name).containsEntry("DB_URL", "jdbc:postgresql://postgres:5432/" + database),
                    () -> assertThat(environment).as(name).doesNotContainKey("DB_URL"));
        }
    }

    @Test
    void theGatewayReachesEveryServiceByItsComposeNameAndPort() {
        Map<String, Object> environment = Yaml.map(service(Services.GATEWAY).get("environment"));
        for (Services service : Services.backends()) {
            assertThat(environment.get(service.urlVariable())).as(service.urlVariable())
                    .isEqualTo("http://" + service.name() + ":" + service.port());
        }
    }

    @Test
    void prometheusAndGrafanaGetTheFilesOfThisRepository() {
        assertThat(Yaml.list(service("prometheus").get("volumes"))).contains("./infra/prometheus:/etc/prometheus:ro");
        assertThat(Yaml.list(service("prometheus").get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        List<Object> grafana = Yaml.list(service("grafana").get("volumes"));
        assertThat(grafana).contains("./infra/grafana/provisioning:/etc/grafana/provisioning:ro");
        String dashboards = String.valueOf(Yaml.map(Yaml.map(Yaml.list(
                Yaml.read("infra/grafana/provisioning/dashboards/flashsale.yml").get("providers")).get(0)).get("options")).get("path"));
        assertThat(grafana).contains("./infra/grafana/dashboards:" + dashboards + ":ro");
        Map<String, Object> datasource = Yaml.map(Yaml.list(
                Yaml.read("infra/grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0));
        assertThat(datasource).containsEntry("uid", GrafanaDashboardsTest.DATASOURCE).containsEntry("url", "http://prometheus:9090");
    }

    private static Map<String, Object> services(String file) {
        return Yaml.map(Yaml.read(file).get("services"));
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = Yaml.map(services(BASE).get(name));
        assertThat(service).as("service " + name).isNotEmpty();
        return service;
    }
}
