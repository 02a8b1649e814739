package dev.flashsale.balance.application;

import dev.flashsale.balance.domain.LedgerEntry;
import dev.flashsale.balance.domain.Payment;
import dev.flashsale.balance.persistence.BalanceRepository;
import dev.flashsale.balance.persistence.LedgerRepository;
import dev.flashsale.balance.persistence.PaymentRepository;
import dev.flashsale.balance.persistence.UserRepository;
import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.messaging.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The payment step of the order saga: deduct an order's amount from the user's balance, and give it
 * back when the order is compensated. Each command is answered through the outbox in the transaction
 * that moves the money.
 * <p>
 * Idempotent per order, not only per message: the first command for an order leaves a {@link Payment}
 * row keyed by the order id, and every later command for that order (a redelivery, an orchestrator's
 * retry with a new event id) is answered from that row and moves no money. Should two commands for one
 * order ever run at once, the order id key (a second insert) or the payment's version (a second refund)
 * fails one of them; it rolls back whole, is retried by the listener, and then finds the row.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final BalanceRepository balances;
    private final PaymentRepository payments;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final Outbox outbox;
    private final BalanceMetrics metrics;
    private final Clock clock;

    public PaymentService(BalanceRepository balances, PaymentRepository payments, LedgerRepository ledger,
                          UserRepository users, Outbox outbox, BalanceMetrics metrics, Clock clock) {
        this.balances = balances;
        this.payments = payments;
        this.ledger = ledger;
        this.users = users;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Replies {@code BalanceDeducted} or {@code BalanceDeductionFailed}; the same reply for every repeat. */
    @Transactional
    public void deduct(DeductBalance command) {
        Payment payment = payments.findById(command.orderId())
                .map(earlier -> repeated(earlier, command))
                .orElseGet(() -> payments.saveAndFlush(settle(command)));
        outbox.append(payment.deductionOutcome());
    }

    private Payment settle(DeductBalance command) {
        long userId = command.userId();
        Money amount = Money.won(command.amount());
        Instant now = clock.instant();
        // A fully discounted order pays nothing, but its user must exist and now has a balance row.
        Optional<Long> after = amount.isZero() ? balances.findOrOpen(userId) : balances.debit(userId, amount.won());
        if (after.isPresent()) {
            ledger.save(LedgerEntry.payment(userId, command.orderId(), amount, Money.won(after.get()), now));
            metrics.deducted(amount.won());
            return Payment.deducted(command.orderId(), userId, amount, now);
        }
        DomainException refusal = users.existsById(userId)
                ? new DomainException(ErrorCode.INSUFFICIENT_BALANCE, "user " + userId + " has "
                        + balances.find(userId).orElse(0L) + " won, order " + command.orderId() + " needs " + amount.won())
                : UserService.notFound(userId);
        metrics.deductionDeclined(refusal.code());
        return Payment.declined(command.orderId(), userId, amount, refusal.code(), refusal.detail(), now);
    }

    private static Payment repeated(Payment earlier, DeductBalance command) {
        if (!earlier.matches(command.userId(), Money.won(command.amount()))) {
            log.warn("DeductBalance for order {} (user {}, {} won) differs from the payment on record (user {}, {} won); "
                            + "answering from the record", command.orderId(), command.userId(), command.amount(),
                    earlier.userId(), earlier.amount().won());
        }
        return earlier;
    }

    /**
     * Gives back what this order's payment deducted, once, and replies {@code BalanceRefunded} with the
     * amount that came back now: 0 for a refund after a refund, after a declined deduction, or before
     * any deduction. In the last case the order is remembered as voided, so a deduction arriving later
     * is refused rather than charged.
     */
    @Transactional
    public void refund(RefundBalance command) {
        long orderId = command.orderId();
        Instant now = clock.instant();
        Optional<Payment> found = payments.findById(orderId);
        if (found.isEmpty()) {
            payments.saveAndFlush(Payment.voided(orderId, command.userId(), now));
            outbox.append(new BalanceRefunded(orderId, command.userId(), 0));
            return;
        }
        Payment payment = found.get();
        long refunded = 0;
        if (payment.isRefundable()) {
            Money amount = payment.markRefunded(now);
            long after = balances.credit(payment.userId(), amount.won()).orElseThrow(() -> new IllegalStateException(
                    "user " + payment.userId() + " paid order " + orderId + " but has no balance row"));
            ledger.save(LedgerEntry.refund(payment.userId(), orderId, amount, Money.won(after), now));
            payments.saveAndFlush(payment);
            metrics.refunded(amount.won());
            refunded = amount.won();
        }
        outbox.append(new BalanceRefunded(orderId, payment.userId(), refunded));
    }
}
