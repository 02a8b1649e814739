package dev.flashsale.balance.messaging;

import dev.flashsale.balance.application.PaymentService;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** The order saga's commands to this service: pay for an order, or give its payment back. */
@Component
class BalanceCommandListener {

    private final MessageDispatcher dispatcher;

    BalanceCommandListener(Inbox inbox, PaymentService payments) {
        this.dispatcher = inbox.dispatcher()
                .on(DeductBalance.class, payments::deduct)
                .on(RefundBalance.class, payments::refund)
                .build();
    }

    /** A batch at a time: one transaction for all of it, the inbox per record (see MessageDispatcher). */
    @KafkaListener(topics = Topics.BALANCE_COMMANDS, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
