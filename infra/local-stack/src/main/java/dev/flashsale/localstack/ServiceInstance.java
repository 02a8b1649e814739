package dev.flashsale.localstack;

/**
 * One process of a service: the first is named after the service ({@code order-service}), the others get their
 * number ({@code order-service-2}), which also names their log and their control-API path.
 *
 * @param spec  the service
 * @param index 0 for the first instance, 1 for the second, ...
 */
public record ServiceInstance(ServiceSpec spec, int index) {

    /** Ports step by 10 per instance from the service's own (8084, 8094, ...): beyond 9 they would meet the next block. */
    static final int MAX_REPLICAS = 9;

    public ServiceInstance {
        if (index < 0 || index >= MAX_REPLICAS) {
            throw new IllegalArgumentException("instance index 0 to " + (MAX_REPLICAS - 1) + ", was " + index);
        }
    }

    public String name() {
        return index == 0 ? spec.name() : spec.name() + "-" + (index + 1);
    }

    /**
     * Whether the stack runs several of this service when asked to: every service but the gateway, which is the one
     * address clients and tests call (it spreads its calls over the others' instances).
     */
    static boolean isReplicated(ServiceSpec spec) {
        return !spec.routes().isEmpty();
    }
}
