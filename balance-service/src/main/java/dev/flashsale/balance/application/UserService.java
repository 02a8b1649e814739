package dev.flashsale.balance.application;

import dev.flashsale.balance.domain.User;
import dev.flashsale.balance.persistence.UserRepository;
import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.messaging.IdempotentRequests;
import dev.flashsale.messaging.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

/** Registers accounts and announces each one, so other services keep their own list of user ids. */
@Service
public class UserService {

    private static final String REGISTRATION_SCOPE = "register-user";

    private final UserRepository users;
    private final Outbox outbox;
    private final IdempotentRequests idempotentRequests;
    private final Clock clock;

    public UserService(UserRepository users, Outbox outbox, IdempotentRequests idempotentRequests, Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.idempotentRequests = idempotentRequests;
        this.clock = clock;
    }

    /**
     * Creates an account and appends {@link UserRegistered} in the same transaction. With an
     * {@code idempotencyKey}, a retry gets the first account instead of a second one.
     */
    public UserView register(String name, String idempotencyKey) {
        User user = User.register(name, clock.instant());
        return idempotentRequests.execute(REGISTRATION_SCOPE, idempotencyKey, new Registration(name), UserView.class, () -> {
            User saved = users.save(user);
            outbox.append(new UserRegistered(saved.id(), saved.name()));
            return view(saved);
        });
    }

    @Transactional(readOnly = true)
    public UserView find(long userId) {
        return users.findById(userId).map(this::view).orElseThrow(() -> notFound(userId));
    }

    /** The answer to anything about a user who has no account here. */
    static DomainException notFound(long userId) {
        return new DomainException(ErrorCode.USER_NOT_FOUND, "user " + userId + " does not exist");
    }

    private UserView view(User user) {
        return new UserView(user.id(), user.name(), user.createdAt().atZone(clock.getZone()).toOffsetDateTime());
    }

    /** What a retry must repeat for its Idempotency-Key to count as the same request. */
    private record Registration(String name) {
    }
}
