package dev.flashsale.deployment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/infrastructure/&lt;environment&gt;: the example Kafka (Strimzi) and PostgreSQL (CloudNativePG) each
 * environment's chart values point at. They are the operators' resources, not the chart's: what is checked here is
 * what flashsale needs of them (logical replication, a database and a replication role per service, durable topics
 * on a cluster) and that the chart's values find them.
 */
class InfrastructureExamplesTest {

    static List<String> environments() {
        return Chart.environments();
    }

    @ParameterizedTest
    @MethodSource("environments")
    void postgresHasLogicalReplicationAndADatabaseAndReplicationRoleForEveryDescribedService(String environment) {
        List<Map<String, Object>> objects = read(environment, "postgres-cloudnativepg.yaml");
        Map<String, Object> cluster = only(objects, "Cluster");
        Map<String, Object> spec = Yaml.map(cluster.get("spec"));
        String clusterName = String.valueOf(Yaml.map(cluster.get("metadata")).get("name"));
        assertThat(Yaml.map(Yaml.map(spec.get("postgresql")).get("parameters"))).containsEntry("wal_level", "logical");

        String secretPrefix = String.valueOf(Yaml.map(Yaml.read(Chart.PATH + "/values.yaml").get("postgres")).get("credentialsSecretPrefix"));
        List<Map<String, Object>> roles = Yaml.list(Yaml.map(spec.get("managed")).get("roles")).stream().map(Yaml::map).toList();
        List<Map<String, Object>> databases = objects.stream().filter(object -> "Database".equals(object.get("kind")))
                .map(object -> Yaml.map(object.get("spec"))).toList();
        assertThat(databases).extracting(database -> database.get("name"))
                .containsExactlyInAnyOrderElementsOf(Services.backends().stream().map(service -> service.database().orElseThrow()).toList());
        for (Map<String, Object> database : databases) {
            Object owner = database.get("owner");
            assertThat(Yaml.map(database.get("cluster"))).containsEntry("name", clusterName);
            Map<String, Object> role = roles.stream().filter(candidate -> owner.equals(candidate.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no managed role " + owner + " owns database " + database.get("name")));
            assertThat(role).as("role " + owner + " logs in and may create its relay's slot")
                    .containsEntry("login", true).containsEntry("replication", true);
            assertThat(Yaml.map(role.get("passwordSecret"))).as("role " + owner + "'s Secret is the one the chart gives the service")
                    .containsEntry("name", secretPrefix + database.get("name"));
        }

        String host = String.valueOf(Yaml.map(Yaml.read(Chart.PATH + "/values-" + environment + ".yaml").get("postgres")).get("host"));
        assertThat(host).as("values-" + environment + ".yaml reaches the cluster's read-write service").startsWith(clusterName + "-rw");
        if (environment.equals("production")) {
            assertThat((Integer) spec.get("instances")).as("a primary and two standbys").isGreaterThanOrEqualTo(3);
            assertThat(Yaml.map(Yaml.map(spec.get("replicationSlots")).get("highAvailability")))
                    .as("the relays' slots follow a failover").containsEntry("synchronizeLogicalDecoding", true);
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void kafkaRunsInKraftModeWithTopicsAsDurableAsItsBrokersAllow(String environment) {
        List<Map<String, Object>> objects = read(environment, "kafka-strimzi.yaml");
        Map<String, Object> kafka = only(objects, "Kafka");
        Map<String, Object> pool = only(objects, "KafkaNodePool");
        String name = String.valueOf(Yaml.map(kafka.get("metadata")).get("name"));
        assertThat(Yaml.map(Yaml.map(kafka.get("metadata")).get("annotations"))).containsEntry("strimzi.io/kraft", "enabled");
        assertThat(Yaml.map(Yaml.map(pool.get("metadata")).get("labels"))).containsEntry("strimzi.io/cluster", name);
        assertThat(Yaml.list(Yaml.map(pool.get("spec")).get("roles"))).contains("broker", "controller");

        int brokers = (Integer) Yaml.map(pool.get("spec")).get("replicas");
        Map<String, Object> config = Yaml.map(Yaml.map(Yaml.map(kafka.get("spec")).get("kafka")).get("config"));
        int replicationFactor = (Integer) config.get("default.replication.factor");
        int minInsync = (Integer) config.get("min.insync.replicas");
        if (environment.equals("production")) {
            assertThat(brokers).as("three brokers").isGreaterThanOrEqualTo(3);
            assertThat(replicationFactor).as("replication factor on a cluster").isEqualTo(3);
            assertThat(minInsync).as("min.insync.replicas on a cluster").isEqualTo(2);
        } else {
            assertThat(replicationFactor).as("one broker, one replica").isEqualTo(1).isEqualTo(brokers);
            assertThat(minInsync).isEqualTo(1);
        }
        String bootstrap = String.valueOf(Yaml.map(Yaml.read(Chart.PATH + "/values-" + environment + ".yaml").get("kafka")).get("bootstrapServers"));
        assertThat(bootstrap).as("values-" + environment + ".yaml reaches Strimzi's bootstrap service").startsWith(name + "-kafka-bootstrap");

        for (var deployment : Chart.ofKind(Chart.render(environment), io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            var variables = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(variables).as(environment + " " + deployment.getMetadata().getName() + " creates its topics as durable as the brokers")
                    .anySatisfy(variable -> assertThat(variable.getName() + "=" + variable.getValue())
                            .isEqualTo("KAFKA_TOPIC_REPLICATION_FACTOR=" + replicationFactor))
                    .anySatisfy(variable -> assertThat(variable.getName() + "=" + variable.getValue())
                            .isEqualTo("KAFKA_TOPIC_MIN_INSYNC_REPLICAS=" + minInsync));
        }
    }

    private static List<Map<String, Object>> read(String environment, String file) {
        String text = Repository.read("deploy/infrastructure/" + environment + "/" + file);
        Iterable<Object> documents = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text);
        List<Map<String, Object>> objects = new ArrayList<>();
        StreamSupport.stream(documents.spliterator(), false).filter(java.util.Objects::nonNull).map(Yaml::map).forEach(objects::add);
        return objects;
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }
}
