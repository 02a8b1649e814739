package dev.flashsale.deployment;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/helm/flashsale rendered for each environment (values-local.yaml, values-production.yaml): valid Kubernetes
 * objects, the services of infra/services.yml, and the rules of the house (probes, replicas, disruption budgets,
 * autoscaling, resources, pinned images, secrets only from Secrets, scrape annotations).
 */
class KubernetesChartTest {

    /** The services a flash sale's burst lands on first: they scale with it. */
    static final Set<String> AUTOSCALED = Set.of("api-gateway", "coupon-service", "order-service");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY|DB_USER).*");

    static List<String> environments() {
        return Chart.environments();
    }

    @Test
    void helmLintsTheChartWithoutAWarning() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: " + lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @ParameterizedTest
    @MethodSource("environments")
    void theChartRendersADeploymentServiceAndDisruptionBudgetForEveryDescribedServiceAndNothingElse(String environment) {
        List<HasMetadata> objects = Chart.render(environment);
        for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, PodDisruptionBudget.class)) {
            assertThat(Chart.ofKind(objects, kind)).as(environment + " " + kind.getSimpleName() + "s")
                    .extracting(object -> object.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(Services.names());
        }
        assertThat(Chart.ofKind(objects, HorizontalPodAutoscaler.class)).extracting(hpa -> hpa.getMetadata().getName())
                .as(environment + " autoscalers").containsExactlyInAnyOrderElementsOf(AUTOSCALED);
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyServiceListensProbesAndIsScrapedWhereTheDescriptionSays(String environment) {
        List<HasMetadata> objects = Chart.render(environment);
        Map<String, Service> services = byName(Chart.ofKind(objects, Service.class));
        for (Deployment deployment : Chart.ofKind(objects, Deployment.class)) {
            Services described = Services.named(deployment.getMetadata().getName());
            String what = environment + " " + described.name();
            Container container = onlyContainer(deployment);
            assertThat(container.getPorts()).as(what).singleElement()
                    .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(described.port()))
                    .satisfies(port -> assertThat(port.getName()).isEqualTo("http"));
            assertThat(env(container, "PORT")).as(what).contains(String.valueOf(described.port()));
            assertProbe(what + " readiness", container.getReadinessProbe(), described.readiness());
            assertProbe(what + " liveness", container.getLivenessProbe(), described.liveness());
            assertThat(container.getStartupProbe()).as(what + " has a startup probe, so liveness spares a slow start").isNotNull();

            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(what).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(described.port()))
                    .containsEntry("prometheus.io/path", described.metrics());

            Service service = services.get(described.name());
            assertThat(service.getSpec().getPorts()).as(what + " Service").singleElement()
                    .satisfies(port -> assertThat(port.getPort()).isEqualTo(described.port()))
                    .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
            assertThat(service.getSpec().getSelector()).as(what + " Service selects the pods")
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void withThePrometheusOperatorEveryServiceIsScrapedUnderItsOwnJobAsInDockerCompose() {
        assertThat(Chart.ofKind(Chart.render("local"), PodMonitor.class)).as("local: annotations only").isEmpty();
        List<HasMetadata> production = Chart.render("production");
        Map<String, Deployment> deployments = byName(Chart.ofKind(production, Deployment.class));
        List<PodMonitor> monitors = Chart.ofKind(production, PodMonitor.class);
        assertThat(monitors).extracting(monitor -> monitor.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Services.names());
        for (PodMonitor monitor : monitors) {
            Services described = Services.named(monitor.getMetadata().getName());
            Map<String, String> podLabels = deployments.get(described.name()).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            assertThat(podLabels).containsEntry(monitor.getSpec().getJobLabel(), described.name());
            assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement()
                    .satisfies(endpoint -> assertThat(endpoint.getPath()).isEqualTo(described.metrics()))
                    .satisfies(endpoint -> assertThat(endpoint.getPort()).isEqualTo("http"));
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyServiceRunsAtLeastTwoReplicasAndADrainKeepsOneOfThemServing(String environment) {
        List<HasMetadata> objects = Chart.render(environment);
        Map<String, HorizontalPodAutoscaler> autoscalers = byName(Chart.ofKind(objects, HorizontalPodAutoscaler.class));
        Map<String, PodDisruptionBudget> budgets = byName(Chart.ofKind(objects, PodDisruptionBudget.class));
        for (Deployment deployment : Chart.ofKind(objects, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            String what = environment + " " + name;
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).as(what + " pods carry their selector's labels")
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

            int fewest;
            HorizontalPodAutoscaler autoscaler = autoscalers.get(name);
            if (autoscaler != null) {
                assertThat(deployment.getSpec().getReplicas()).as(what + ": the autoscaler alone sets replicas").isNull();
                assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).as(what).isEqualTo(name);
                assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).as(what).isEqualTo("Deployment");
                assertThat(autoscaler.getSpec().getMaxReplicas()).as(what).isGreaterThanOrEqualTo(autoscaler.getSpec().getMinReplicas());
                fewest = autoscaler.getSpec().getMinReplicas();
            } else {
                fewest = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            }
            assertThat(fewest).as(what + " replicas").isGreaterThanOrEqualTo(2);

            PodDisruptionBudget budget = budgets.get(name);
            assertThat(podLabels).as(what + " is covered by its disruption budget")
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(what + " budget lets one go at a time")
                    .isNotNull().isLessThan(fewest);
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                    .as(what + ": an upgrade starts a new pod before it stops an old one").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void imagesArePinnedResourcesSetAndSecretsComeOnlyFromSecrets(String environment) {
        List<HasMetadata> objects = Chart.render(environment);
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : Chart.ofKind(objects, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = onlyContainer(deployment);
            String image = container.getImage();
            String tag = image.substring(image.lastIndexOf('/') + 1).contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest") || !image.contains("/" + name + ":")) {
                problems.add(name + ": image " + image + " is not <registry>/" + name + ":<a pinned tag>");
            }
            var resources = container.getResources();
            if (resources == null || resources.getRequests() == null || !resources.getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                    || resources.getLimits() == null || !resources.getLimits().containsKey("memory")) {
                problems.add(name + ": needs cpu and memory requests and a memory limit, has " + resources);
            }
            for (EnvVar variable : container.getEnv()) {
                boolean fromSecret = variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
                if (SECRET_NAME.matcher(variable.getName()).matches() && !fromSecret) {
                    problems.add(name + ": " + variable.getName() + " must come from a Secret (secretKeyRef), not a plain value");
                }
            }
            var security = container.getSecurityContext();
            if (!Boolean.TRUE.equals(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                    || security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                problems.add(name + ": must run as non-root without privilege escalation");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyServiceFindsItsDatabaseAndTheGatewayFindsEveryService(String environment) {
        Map<String, Deployment> deployments = byName(Chart.ofKind(Chart.render(environment), Deployment.class));
        for (Services service : Services.backends()) {
            Container container = onlyContainer(deployments.get(service.name()));
            assertThat(env(container, "DB_URL")).as(environment + " " + service.name())
                    .hasValueSatisfying(url -> assertThat(url).matches("jdbc:postgresql://[^/]+/" + service.database().orElseThrow()));
            assertThat(env(container, "KAFKA_BOOTSTRAP_SERVERS")).as(environment + " " + service.name()).isPresent();
        }
        Container gateway = onlyContainer(deployments.get(Services.GATEWAY));
        assertThat(env(gateway, "DB_URL")).isEmpty();
        for (Services service : Services.backends()) {
            assertThat(env(gateway, service.urlVariable())).as(environment + " gateway's " + service.urlVariable())
                    .contains("http://" + service.name() + ":" + service.port());
        }
    }

    @Test
    void theValuesSchemaRefusesALatestTagASingleReplicaAndAPlainSecret() {
        assertThatThrownBy(() -> Chart.template("local").set("image.tag", "latest").call())
                .hasMessageContaining("image").hasMessageContaining("tag");
        assertThatThrownBy(() -> Chart.template("local").set("defaults.replicas", 1).call())
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.template("local").set("defaults.env.DB_PASSWORD", "hunter2").call())
                .hasMessageContaining("DB_PASSWORD");
    }

    @Test
    void withoutItsRegistryKafkaOrDatabaseTheChartRefusesToRenderAndSaysWhichIsMissing() {
        assertThatThrownBy(() -> Chart.helm().template().withName(Chart.RELEASE).withKubeVersion(Chart.KUBE_VERSION).call())
                .hasMessageContaining("image.registry is required");
    }

    @Test
    void aFieldKubernetesDoesNotKnowIsRefusedNotIgnored() {
        String typo = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  template:
                    spec:
                      containers:
                        - name: typo
                          image: registry/typo:1
                          readinesProbe: {httpGet: {path: /ready, port: http}}
                """;
        assertThatThrownBy(() -> Chart.parse(typo)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> Chart.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"))
                .hasMessageContaining("v1/Secret");
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("http");
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(deployment.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue).filter(java.util.Objects::nonNull).findFirst();
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        return objects.stream().collect(Collectors.toMap(object -> object.getMetadata().getName(), Function.identity()));
    }
}
