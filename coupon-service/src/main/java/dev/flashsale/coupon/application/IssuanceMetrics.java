package dev.flashsale.coupon.application;

import dev.flashsale.contracts.ErrorCode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The issuance meters:
 * <ul>
 *   <li>{@code coupon.issue} (outcome): every issue request by its answer, with its latency from arrival to
 *       answer; outcomes are {@code issued}, {@code sold_out}, {@code already_issued}, {@code not_issuable},
 *       {@code not_found}, {@code user_not_found}, {@code rate_limited}, {@code service_unavailable};</li>
 *   <li>{@code coupon.issue.batch.size} and {@code coupon.issue.batch.duration}: requests per batch
 *       transaction and how long it took, retries included;</li>
 *   <li>{@code coupon.issue.queued}: requests waiting for their batch, all coupons together.</li>
 * </ul>
 */
@Component
public class IssuanceMetrics {

    public static final String ISSUED = "issued";

    private static final Map<ErrorCode, String> OUTCOMES = new EnumMap<>(ErrorCode.class);

    static {
        for (ErrorCode code : ErrorCode.values()) {
            OUTCOMES.put(code, code.name().replaceFirst("^COUPON_", "").toLowerCase(Locale.ROOT));
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Timer> byOutcome = new ConcurrentHashMap<>();
    private final DistributionSummary batchSize;
    private final Timer batchDuration;

    public IssuanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("coupon.issue.batch.size")
                .description("Issue requests decided by one batch transaction")
                .publishPercentileHistogram().register(registry);
        this.batchDuration = Timer.builder("coupon.issue.batch.duration")
                .description("One issuance batch, from its first try to its commit")
                .publishPercentileHistogram().register(registry);
    }

    /** The outcome tag of an answer that is an error: its code without the {@code COUPON_} prefix. */
    public static String outcomeOf(ErrorCode code) {
        return OUTCOMES.get(code);
    }

    public void answered(String outcome, long arrivedNanos) {
        byOutcome.computeIfAbsent(outcome, o -> Timer.builder("coupon.issue")
                        .description("Issue requests by answer, from arrival to answer")
                        .tag("outcome", o).publishPercentileHistogram().register(registry))
                .record(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS);
    }

    public void batch(int size, long nanos) {
        batchSize.record(size);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queued(Supplier<Number> waiting) {
        Gauge.builder("coupon.issue.queued", waiting).description("Issue requests waiting for their batch")
                .register(registry);
    }
}
