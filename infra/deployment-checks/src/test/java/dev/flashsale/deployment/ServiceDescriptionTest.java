package dev.flashsale.deployment;

import dev.flashsale.gateway.routing.DownstreamService;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/services.yml against the code: each service's own defaults, the databases the deployments create and the
 * gateway's routes and URLs. docker-compose, Prometheus and the Helm chart are checked against it in their own tests.
 */
class ServiceDescriptionTest {

    @Test
    void everyServiceListensOnItsDescribedPortAndOwnsItsDescribedDatabaseByDefault() {
        for (Services service : Services.all()) {
            String configuration = Repository.read(service.name() + "/src/main/resources/application.yml");
            assertThat(configuration).as(service.name() + "'s application.yml").contains("port: ${PORT:" + service.port() + "}");
            service.database().ifPresent(database -> assertThat(configuration).as(service.name() + "'s application.yml")
                    .contains("url: ${DB_URL:jdbc:postgresql://localhost:5432/" + database + "}"));
        }
    }

    @Test
    void dockerComposesPostgresCreatesEveryDescribedDatabase() {
        String databases = Repository.read("infra/docker/postgres-init.sql");
        for (Services service : Services.backends()) {
            assertThat(service.database()).as(service.name() + " owns a database").isPresent();
            assertThat(databases).as("postgres-init.sql creates the database of " + service.name())
                    .containsPattern("(?m)^CREATE DATABASE " + service.database().orElseThrow() + ";$");
        }
    }

    @Test
    void theGatewayRoutesEveryDescribedPathToItsServiceAndNothingElse() {
        assertThat(Arrays.stream(DownstreamService.values()).map(DownstreamService::displayName))
                .containsExactlyInAnyOrderElementsOf(Services.backends().stream().map(Services::name).toList());
        for (DownstreamService downstream : DownstreamService.values()) {
            assertThat(downstream.pathPatterns()).as(downstream.displayName() + "'s routes")
                    .containsExactlyInAnyOrderElementsOf(Services.named(downstream.displayName()).routes());
        }
        assertThat(Services.named(Services.GATEWAY).routes()).isEmpty();
    }

    @Test
    void theGatewayFindsEveryServiceOnItsDescribedPortUnlessItsVariableSaysOtherwise() {
        Map<String, Object> configured = Yaml.map(Yaml.map(Yaml.map(Yaml.read(
                "api-gateway/src/main/resources/application.yml").get("flashsale")).get("gateway")).get("services"));
        assertThat(configured.keySet()).containsExactlyInAnyOrderElementsOf(Services.backends().stream().map(Services::key).toList());
        for (Services service : Services.backends()) {
            assertThat(Yaml.map(configured.get(service.key())).get("url")).as(service.name())
                    .isEqualTo("${" + service.urlVariable() + ":http://localhost:" + service.port() + "}");
        }
    }
}
