package dev.flashsale.product.application;

import dev.flashsale.product.persistence.StockReservationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Gives back the stock of reservations nobody confirmed or released before their deadline, so a lost saga
 * never keeps stock from other customers. Runs every {@code flashsale.product.expiry-sweep-interval}; every
 * instance of the service may run it at once, because each reservation expires in its own transaction under
 * its row lock, and one that a confirm settled in the meantime is left alone.
 */
@Component
public class ReservationExpiry {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

    private final StockReservationRepository reservations;
    private final StockReservations stock;
    private final Clock clock;
    private final ProductProperties properties;

    public ReservationExpiry(StockReservationRepository reservations, StockReservations stock, Clock clock,
                             ProductProperties properties) {
        this.reservations = reservations;
        this.stock = stock;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Expires every reservation that is due, the oldest first, in batches of {@code expiry-batch-size}, so a
     * backlog (after an outage, say) is cleared in one sweep without holding more than one batch of ids.
     *
     * @return how many expired
     */
    public int expireDue() {
        int expired = 0;
        List<Long> due;
        int expiredInBatch;
        do {
            due = reservations.findDue(DatabaseTime.now(clock), Limit.of(properties.expiryBatchSize()));
            expiredInBatch = 0;
            for (long orderId : due) {
                expiredInBatch += expireQuietly(orderId) ? 1 : 0;
            }
            expired += expiredInBatch;
            // A batch in which nothing expired would come back unchanged: leave it to the next sweep.
        } while (due.size() == properties.expiryBatchSize() && expiredInBatch > 0);
        if (expired > 0) {
            log.info("Expired {} stock reservations past their deadline", expired);
        }
        return expired;
    }

    private boolean expireQuietly(long orderId) {
        try {
            return stock.expire(orderId);
        } catch (RuntimeException e) {
            log.warn("Expiring the reservation of order {} failed; the next sweep tries again", orderId, e);
            return false;
        }
    }
}
