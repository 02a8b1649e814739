package dev.flashsale.balance.application;

import dev.flashsale.balance.domain.AuditReport;
import dev.flashsale.balance.domain.BalanceLimit;
import dev.flashsale.balance.domain.Charge;
import dev.flashsale.balance.domain.LedgerEntry;
import dev.flashsale.balance.persistence.BalanceRepository;
import dev.flashsale.balance.persistence.LedgerRepository;
import dev.flashsale.balance.persistence.UserRepository;
import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.Money;
import dev.flashsale.messaging.IdempotentRequests;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

/** Looking at a balance and its history, and charging it (flows 1 and 2 of docs/flows.md). */
@Service
public class BalanceService {

    private final BalanceRepository balances;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final IdempotentRequests idempotentRequests;
    private final BalanceMetrics metrics;
    private final BalanceProperties properties;
    private final BalanceLimit limit;
    private final Clock clock;

    public BalanceService(BalanceRepository balances, LedgerRepository ledger, UserRepository users,
                          IdempotentRequests idempotentRequests, BalanceMetrics metrics, BalanceProperties properties,
                          Clock clock) {
        this.balances = balances;
        this.ledger = ledger;
        this.users = users;
        this.idempotentRequests = idempotentRequests;
        this.metrics = metrics;
        this.properties = properties;
        this.limit = properties.limit();
        this.clock = clock;
    }

    /** The user's balance; a user who has never had one gets one, at 0. */
    @Transactional
    public BalanceView balanceOf(long userId) {
        long balance = balances.findOrOpen(userId).orElseThrow(() -> UserService.notFound(userId));
        return new BalanceView(userId, balance);
    }

    /**
     * Adds {@code amount} to the balance and writes the ledger entry, in one transaction. The balance
     * changes in one conditional statement (see {@link BalanceRepository}), so concurrent charges all
     * count and none takes the balance past the maximum. With an {@code idempotencyKey}, a retry gets
     * the first answer and charges nothing.
     */
    public BalanceView charge(long userId, long amount, String idempotencyKey) {
        Charge charge = Charge.of(userId, amount);
        return idempotentRequests.execute("charge:user:" + userId, idempotencyKey, new ChargeRequest(amount),
                BalanceView.class, () -> apply(charge));
    }

    private BalanceView apply(Charge charge) {
        long userId = charge.userId();
        Money amount = charge.amount();
        long after = balances.charge(userId, amount.won(), limit.maximum().won())
                .orElseThrow(() -> refused(charge));
        ledger.save(LedgerEntry.charge(userId, amount, Money.won(after), clock.instant()));
        metrics.charged(amount.won());
        return new BalanceView(userId, after);
    }

    /** Why the charge statement changed nothing: flow 1 asks about the user first, then the amount. */
    private DomainException refused(Charge charge) {
        long userId = charge.userId();
        DomainException refusal = users.existsById(userId)
                ? limit.exceededBy(userId, Money.won(balances.find(userId).orElse(0L)), charge.amount())
                : UserService.notFound(userId);
        metrics.chargeRejected(refusal.code());
        return refusal;
    }

    /** The user's ledger, newest first. */
    @Transactional(readOnly = true)
    public Page<LedgerEntry> history(long userId, int page, int size) {
        if (!users.existsById(userId)) {
            throw UserService.notFound(userId);
        }
        return ledger.findByUserId(userId, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    }

    /** Every won accounted for; see {@link AuditReport}. */
    @Transactional(readOnly = true)
    public AuditReport audit() {
        return balances.audit(properties.maxBalance());
    }

    /** What a retry must repeat for its Idempotency-Key to count as the same request. */
    private record ChargeRequest(long amount) {
    }
}
