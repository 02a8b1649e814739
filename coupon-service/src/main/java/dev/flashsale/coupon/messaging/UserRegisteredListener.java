package dev.flashsale.coupon.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.coupon.application.KnownUsers;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** balance-service's new users: issuance checks users against this local copy, never over HTTP. */
@Component
public class UserRegisteredListener {

    private final MessageDispatcher dispatcher;

    public UserRegisteredListener(Inbox inbox, KnownUsers knownUsers) {
        this.dispatcher = inbox.dispatcher()
                .on(UserRegistered.class, user -> knownUsers.register(user.userId()))
                .build();
    }

    /** A batch at a time: one transaction for all of it, the inbox per record (see MessageDispatcher). */
    @KafkaListener(topics = Topics.USER_REGISTERED, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
