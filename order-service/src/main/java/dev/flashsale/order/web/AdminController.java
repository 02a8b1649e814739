package dev.flashsale.order.web;

import dev.flashsale.order.saga.application.SagaAdmin;
import dev.flashsale.order.saga.application.SagaFilter;
import dev.flashsale.order.persistence.OrderAudit;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** For operators and the load-test checker: sagas that need a look, a redrive, and the books. */
@RestController
public class AdminController {

    private final SagaAdmin admin;
    private final ZoneId zone;

    public AdminController(SagaAdmin admin, Clock clock) {
        this.admin = admin;
        this.zone = clock.getZone();
    }

    /** {@code state} is open, stuck or failed. */
    @GetMapping("/api/v1/admin/sagas")
    PagedResponse<SagaResponse> sagas(@RequestParam(defaultValue = "stuck") String state,
                                      @RequestParam(defaultValue = "0") @Min(0) int page,
                                      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        SagaAdmin.Page found = admin.sagas(SagaFilter.parse(state), page, size);
        return PagedResponse.of(found.sagas().stream().map(saga -> SagaResponse.of(saga, admin.plan(), zone)).toList(),
                page, size, found.total());
    }

    /** Sends the awaited command of a FAILED or stuck saga again, with fresh attempts. */
    @PostMapping("/api/v1/admin/sagas/{orderId}/redrive")
    SagaResponse redrive(@PathVariable @Positive long orderId) {
        return SagaResponse.of(admin.redrive(orderId), admin.plan(), zone);
    }

    /** Counts and sums to check the books with: orders by status, money paid, payments, sagas not finished. */
    @GetMapping("/api/v1/admin/orders/audit")
    AuditResponse audit(@RequestParam(defaultValue = "60") @Min(0) long pendingOlderThanSeconds) {
        return AuditResponse.of(admin.audit(Duration.ofSeconds(pendingOlderThanSeconds)), pendingOlderThanSeconds);
    }

    /** Ids of completed orders, ascending: to compare with what reached ecommerce.order-completed.v1. */
    @GetMapping("/api/v1/admin/orders/completed")
    PagedResponse<Long> completed(@RequestParam(defaultValue = "0") @Min(0) int page,
                                  @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int size) {
        OrderAudit.Figures figures = admin.audit(Duration.ZERO);
        List<Long> ids = admin.completedOrderIds(page, size);
        return PagedResponse.of(ids, page, size, figures.completedOrders());
    }

    /** {@code completedPaidAmount} and {@code paymentsAmount} agree, as do {@code completedOrders} and {@code payments}. */
    public record AuditResponse(long pendingOrders, long completedOrders, long cancelledOrders, long needsAttentionOrders,
                                long completedPaidAmount,
                                long completedDiscountAmount, long payments, long paymentsAmount, long openSagas,
                                long failedSagas, long pendingOlderThanThreshold, long pendingOlderThanSeconds) {
        static AuditResponse of(OrderAudit.Figures f, long thresholdSeconds) {
            return new AuditResponse(f.pendingOrders(), f.completedOrders(), f.cancelledOrders(), f.needsAttentionOrders(),
                    f.completedPaidAmount(),
                    f.completedDiscountAmount(), f.payments(), f.paymentsAmount(), f.openSagas(), f.failedSagas(),
                    f.pendingOlderThanThreshold(), thresholdSeconds);
        }
    }
}
