package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.persistence.KnownUserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which user ids exist, without asking balance-service: its UserRegistered events fill the
 * {@code known_user} table, and this keeps the ids in memory so the issue path checks a user without a
 * query. The set is warmed from the table before the service takes traffic; an id not in memory is
 * looked up once (another instance of this service may have consumed its event) and then remembered.
 */
@Component
public class KnownUsers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KnownUsers.class);

    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final KnownUserStore store;
    private final int preloadLimit;

    public KnownUsers(KnownUserStore store, CouponProperties properties) {
        this.store = store;
        this.preloadLimit = properties.knownUsers().preloadLimit();
    }

    /** @throws DomainException {@link ErrorCode#USER_NOT_FOUND} for a user balance-service never announced */
    public void require(long userId) {
        if (known.contains(userId)) {
            return;
        }
        if (!store.contains(userId)) {
            throw new Refusal(ErrorCode.USER_NOT_FOUND, "user " + userId + " does not exist");
        }
        known.add(userId);
    }

    /** Remembers a user balance-service announced; runs in the transaction of the announcement's inbox row. */
    public void register(long userId) {
        store.add(userId);
        known.add(userId);
    }

    @Override
    public void run(ApplicationArguments args) {
        warmUp();
    }

    /** Loads the {@code preload-limit} most recently registered users into memory. */
    public void warmUp() {
        known.addAll(store.mostRecent(preloadLimit));
        log.info("Known users warmed with {} ids", known.size());
    }
}
