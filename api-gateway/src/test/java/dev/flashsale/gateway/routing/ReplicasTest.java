package dev.flashsale.gateway.routing;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicasTest {

    private static final URI FIRST = URI.create("http://localhost:8084");
    private static final URI SECOND = URI.create("http://localhost:8094");

    private final AtomicLong now = new AtomicLong();
    private final Replicas replicas = new Replicas(List.of(FIRST, SECOND), Duration.ofSeconds(5), now::get);

    @Test
    void requestsTakeTheInstancesInTurn() {
        assertThat(IntStream.range(0, 4).mapToObj(i -> replicas.next())).containsExactly(FIRST, SECOND, FIRST, SECOND);
    }

    @Test
    void anInstanceThatRefusedAConnectionIsPassedOverForAWhileAndTheOtherOneOffered() {
        assertThat(replicas.refused(URI.create("http://localhost:8094/api/v1/orders?waitMs=10"))).contains(FIRST);
        assertThat(IntStream.range(0, 4).mapToObj(i -> replicas.next())).containsOnly(FIRST);

        now.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
        assertThat(IntStream.range(0, 4).mapToObj(i -> replicas.next())).contains(FIRST, SECOND);
    }

    @Test
    void whenEveryInstanceRefusedRequestsStillGoSomewhereAndNoneIsOfferedInstead() {
        assertThat(replicas.refused(URI.create("http://localhost:8084/x"))).contains(SECOND);
        assertThat(replicas.refused(URI.create("http://localhost:8094/x"))).isEmpty();
        assertThat(replicas.next()).isIn(FIRST, SECOND);
    }

    @Test
    void onlyItsOwnInstancesAreItsOwn() {
        assertThat(replicas.serves(URI.create("http://localhost:8084/api/v1/orders/1"))).isTrue();
        assertThat(replicas.serves(URI.create("http://localhost:8085/api/v1/products/popular"))).isFalse();
        assertThat(new Replicas(List.of(URI.create("http://order-service")), Duration.ofSeconds(5))
                .serves(URI.create("http://order-service:80/api/v1/orders"))).isTrue();
    }
}
