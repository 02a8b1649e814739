package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml and the files it mounts: valid for docker-compose, and the services wired as the code expects. */
class ComposeFileTest {

    static final List<String> APPLICATIONS =
            List.of("api-gateway", "balance-service", "product-service", "coupon-service", "order-service", "ranking-service");
    private static final Pattern JAR = Pattern.compile("([a-z-]+)/target/\\1-0\\.1\\.0-SNAPSHOT-exec\\.jar");
    private static final Pattern DB_URL = Pattern.compile("jdbc:postgresql://postgres:5432/(\\w+)");

    @Test
    void dockerComposeAcceptsTheFile() {
        Tool.DOCKER_COMPOSE.run("-f", "docker-compose.yml", "config", "-q");
    }

    @Test
    void postgresRunsWithLogicalReplicationAndKafkaInKraftMode() {
        assertThat(Yaml.list(service("postgres").get("command"))).containsSubsequence("-c", "wal_level=logical");
        Map<String, Object> kafka = Yaml.map(service("kafka").get("environment"));
        assertThat(String.valueOf(kafka.get("KAFKA_PROCESS_ROLES"))).contains("controller");
        assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void everyServiceIsBuiltFromItsOwnJarAndReadsItsAddressesFromTheEnvironment() {
        String databases = Repository.read("infra/docker/postgres-init.sql");
        for (String name : APPLICATIONS) {
            Map<String, Object> service = service(name);
            Map<String, Object> build = Yaml.map(service.get("build"));
            assertThat(build.get("dockerfile")).as(name).isEqualTo("infra/docker/service.Dockerfile");
            Matcher jar = JAR.matcher(String.valueOf(Yaml.map(build.get("args")).get("JAR")));
            assertThat(jar.matches()).as(name + " JAR " + Yaml.map(build.get("args")).get("JAR")).isTrue();
            assertThat(jar.group(1)).as(name).isEqualTo(name);
            assertThat(Files.isRegularFile(Repository.file(name + "/pom.xml"))).as(name + "/pom.xml").isTrue();

            Map<String, Object> environment = Yaml.map(service.get("environment"));
            assertThat(environment).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092").containsKey("PORT");
            assertThat(Yaml.map(service.get("healthcheck")).get("test").toString()).as(name).contains("/actuator/health/readiness");
            if (!name.equals("api-gateway")) {
                Matcher url = DB_URL.matcher(String.valueOf(environment.get("DB_URL")));
                assertThat(url.matches()).as(name + " DB_URL").isTrue();
                assertThat(databases).as("postgres-init.sql creates the database of " + name)
                        .containsPattern("(?m)^CREATE DATABASE " + url.group(1) + ";$");
            }
        }
    }

    @Test
    void theGatewayReachesEveryServiceByItsComposeNameAndPort() {
        Map<String, Object> environment = Yaml.map(service("api-gateway").get("environment"));
        for (String name : APPLICATIONS.subList(1, APPLICATIONS.size())) {
            String variable = name.replace("-service", "").toUpperCase() + "_SERVICE_URL";
            assertThat(environment.get(variable)).as(variable).isEqualTo("http://" + name + ":" + portOf(name));
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

    static int portOf(String application) {
        return Integer.parseInt(String.valueOf(Yaml.map(service(application).get("environment")).get("PORT")));
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = Yaml.map(Yaml.map(Yaml.read("docker-compose.yml").get("services")).get(name));
        assertThat(service).as("service " + name).isNotEmpty();
        return service;
    }
}
