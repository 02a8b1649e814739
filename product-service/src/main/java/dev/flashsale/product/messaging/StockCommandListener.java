package dev.flashsale.product.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.product.application.StockReservations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The order saga's stock commands; each is handled once per event id, in its inbox row's transaction. */
@Component
class StockCommandListener {

    private final MessageDispatcher dispatcher;

    StockCommandListener(Inbox inbox, StockReservations stock) {
        this.dispatcher = inbox.dispatcher()
                .on(ReserveStock.class, stock::reserve)
                .on(ReleaseStock.class, stock::release)
                .build();
    }

    @KafkaListener(topics = Topics.STOCK_COMMANDS)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
