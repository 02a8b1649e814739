package dev.flashsale.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackSettingsTest {

    private static final Path HERE = Path.of(".");

    @Test
    void oneInstanceOfEveryServiceByDefault() {
        LocalStackSettings settings = LocalStackSettings.from(HERE, HERE, Map.of());
        assertThat(settings.instances()).extracting(ServiceInstance::name)
                .containsExactlyElementsOf(ServiceSpec.ALL.stream().map(ServiceSpec::name).toList());
    }

    @Test
    void withTwoReplicasEveryServiceButTheGatewayRunsTwiceTheSecondTenPortsAboveTheFirst() {
        LocalStackSettings settings = LocalStackSettings.from(HERE, HERE,
                Map.of("LOCAL_STACK_REPLICAS", "2", "LOCAL_STACK_PORT_OFFSET", "500"));
        assertThat(settings.instances()).extracting(ServiceInstance::name).containsExactly(
                "balance-service", "balance-service-2", "product-service", "product-service-2", "coupon-service",
                "coupon-service-2", "order-service", "order-service-2", "ranking-service", "ranking-service-2", "api-gateway");
        ServiceSpec order = ServiceSpec.named("order-service");
        assertThat(settings.portOf(new ServiceInstance(order, 0))).isEqualTo(8584);
        assertThat(settings.portOf(new ServiceInstance(order, 1))).isEqualTo(8594);
        assertThat(settings.instances().stream().map(settings::portOf).distinct().count()).isEqualTo(settings.instances().size());
    }

    @Test
    void aPortNamedForAnInstanceWins() {
        ServiceSpec order = ServiceSpec.named("order-service");
        LocalStackSettings settings = LocalStackSettings.from(HERE, HERE, Map.of())
                .withServicePorts(Map.of("order-service", 41000, "order-service-2", 42000)).withReplicas(2);
        assertThat(settings.portOf(new ServiceInstance(order, 0))).isEqualTo(41000);
        assertThat(settings.portOf(new ServiceInstance(order, 1))).isEqualTo(42000);
    }

    @Test
    void servicesStartWithTheHeapTheyUseSoTheirFirstTrafficMeetsNoFullCollectionToGrowIt() {
        // 45 MB live once started; from 64 MB, each service grew its heap with a full collection of 0.1-1 s in its
        // first seconds of traffic (docs/benchmarks.md, "The services' first heap").
        assertThat(LocalStackSettings.from(HERE, HERE, Map.of()).jvmArgumentsOf(ServiceSpec.named("coupon-service")))
                .contains("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void oneServicesOwnJvmOptionsComeAfterEveryServicesSoTheyWin() {
        LocalStackSettings settings = LocalStackSettings.from(HERE, HERE, Map.of("SERVICE_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1",
                "SERVICE_JAVA_OPTS_API_GATEWAY", " -XX:TieredStopAtLevel=4  -XX:StartFlightRecording=filename=gw.jfr "));
        assertThat(settings.jvmArgumentsOf(ServiceSpec.named("api-gateway")))
                .containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-XX:StartFlightRecording=filename=gw.jfr");
        assertThat(settings.jvmArgumentsOf(ServiceSpec.named("order-service")))
                .containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1");
        assertThat(settings.withReplicas(2).jvmArgumentsOf(ServiceSpec.named("api-gateway"))).as("kept by every with-copy")
                .endsWith("-XX:StartFlightRecording=filename=gw.jfr");
    }

    @Test
    void aReplicaCountThatIsNotANumberOrOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> LocalStackSettings.from(HERE, HERE, Map.of("LOCAL_STACK_REPLICAS", "two")))
                .hasMessageContaining("LOCAL_STACK_REPLICAS");
        assertThatThrownBy(() -> LocalStackSettings.from(HERE, HERE, Map.of("LOCAL_STACK_REPLICAS", "0")))
                .hasMessageContaining("LOCAL_STACK_REPLICAS");
    }
}
