package dev.flashsale.deployment;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Helm chart under deploy/helm/flashsale, rendered by Helm itself (helm-java runs Helm's Go code in this JVM, so
 * no helm binary is needed) and read into fabric8's Kubernetes model. The model refuses any field Kubernetes does not
 * know (its classes would otherwise keep unknown fields aside), so a typo such as {@code readinesProbe} fails here
 * instead of being silently ignored by a cluster's apply.
 */
final class Chart {

    static final String PATH = "deploy/helm/flashsale";
    static final String RELEASE = "flashsale";
    /** The oldest Kubernetes the chart is rendered for here: Chart.yaml's kubeVersion allows 1.27 and later. */
    static final String KUBE_VERSION = "1.29.0";

    /** The kinds the chart renders; anything else is a new kind these checks must learn first. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class);

    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                             BeanDeserializerBuilder builder) {
                    // fabric8's classes collect unknown fields in additionalProperties; without that door they fail.
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private Chart() {
    }

    /** The environments, each a values file beside the chart's own values.yaml. */
    static List<String> environments() {
        return List.of("local", "production");
    }

    static Path valuesOf(String environment) {
        return Repository.file(PATH + "/values-" + environment + ".yaml");
    }

    static Helm helm() {
        return new Helm(Repository.file(PATH));
    }

    /** The chart as an environment installs it, with these extra {@code --set}s. */
    static TemplateCommand template(String environment) {
        return helm().template().withName(RELEASE).withNamespace(RELEASE).withKubeVersion(KUBE_VERSION)
                .withValuesFile(valuesOf(environment));
    }

    /** Every object the chart renders for {@code environment}, in the model of its kind. */
    static List<HasMetadata> render(String environment) {
        return parse(template(environment).call());
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    throw new AssertionError("the chart renders " + kind + ", which these checks do not know: add it to Chart.KINDS");
                }
                objects.add(STRICT.treeToValue(document, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the chart's output is not valid Kubernetes: " + e.getMessage(), e);
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
