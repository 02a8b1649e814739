package dev.flashsale.balance.web;

import dev.flashsale.balance.application.BalanceService;
import dev.flashsale.balance.application.BalanceView;
import dev.flashsale.balance.domain.AuditReport;
import dev.flashsale.balance.domain.EntryType;
import dev.flashsale.balance.domain.LedgerEntry;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.OffsetDateTime;

@RestController
class BalanceController {

    static final int MAX_PAGE_SIZE = 100;

    private final BalanceService balances;
    private final Clock clock;

    BalanceController(BalanceService balances, Clock clock) {
        this.balances = balances;
        this.clock = clock;
    }

    @GetMapping("/api/v1/users/{userId}/balance")
    BalanceView balance(@PathVariable @Positive long userId) {
        return balances.balanceOf(userId);
    }

    @PostMapping("/api/v1/users/{userId}/balance/charge")
    BalanceView charge(@PathVariable @Positive long userId, @Valid @RequestBody ChargeRequest request,
                       @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return balances.charge(userId, request.amount(), idempotencyKey);
    }

    @GetMapping("/api/v1/users/{userId}/balance/history")
    PagedResponse<LedgerEntryView> history(@PathVariable @Positive long userId,
                                           @RequestParam(defaultValue = "0") @PositiveOrZero int page,
                                           @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        Page<LedgerEntry> entries = balances.history(userId, page, size);
        return PagedResponse.of(entries.getContent(), page, size, entries.getTotalElements()).map(this::view);
    }

    /** For operators and the load test's checker: see {@link AuditReport}. */
    @GetMapping("/api/v1/admin/balance/audit")
    AuditReport audit() {
        return balances.audit();
    }

    private LedgerEntryView view(LedgerEntry entry) {
        return new LedgerEntryView(entry.type(), entry.amount().won(), entry.balanceAfter().won(), entry.orderId(),
                entry.at().atZone(clock.getZone()).toOffsetDateTime());
    }

    /** {@code amount} is whole won; a fraction is refused rather than rounded. */
    record ChargeRequest(@NotNull @Positive Long amount) {
    }

    record LedgerEntryView(EntryType type, long amount, long balanceAfter, Long orderId, OffsetDateTime at) {
    }
}
