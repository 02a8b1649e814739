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

    @KafkaListener(topics = Topics.BALANCE_COMMANDS)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
