package dev.flashsale.balance.application;

import dev.flashsale.balance.persistence.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A few users with some balance on a first start of the local stack (no users yet), made through the
 * same services as any other, so each one's {@code UserRegistered} goes out and the ledger has the
 * charges. Idempotency keys make two instances starting at once create them only once.
 */
@Component
@ConditionalOnBooleanProperty("flashsale.balance.demo-data")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private static final List<DemoUser> USERS = List.of(
            new DemoUser("kim", 1_000_000),
            new DemoUser("lee", 500_000),
            new DemoUser("park", 200_000),
            new DemoUser("choi", 50_000),
            new DemoUser("jung", 0));

    private final UserRepository users;
    private final UserService userService;
    private final BalanceService balanceService;

    DemoData(UserRepository users, UserService userService, BalanceService balanceService) {
        this.users = users;
        this.userService = userService;
        this.balanceService = balanceService;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        for (DemoUser demo : USERS) {
            UserView user = userService.register(demo.name(), "demo-data:" + demo.name());
            if (demo.balance() > 0) {
                balanceService.charge(user.userId(), demo.balance(), "demo-data");
            }
            log.info("Demo user {} ({}) with {} won", user.userId(), user.name(), demo.balance());
        }
    }

    private record DemoUser(String name, long balance) {
    }
}
