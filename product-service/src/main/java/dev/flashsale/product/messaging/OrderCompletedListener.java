package dev.flashsale.product.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.product.application.StockReservations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Completed orders: the stock held for each is sold. Once per event id, in its inbox row's transaction. */
@Component
class OrderCompletedListener {

    private final MessageDispatcher dispatcher;

    OrderCompletedListener(Inbox inbox, StockReservations stock) {
        this.dispatcher = inbox.dispatcher().on(OrderCompleted.class, stock::sell).build();
    }

    @KafkaListener(topics = Topics.ORDER_COMPLETED)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
