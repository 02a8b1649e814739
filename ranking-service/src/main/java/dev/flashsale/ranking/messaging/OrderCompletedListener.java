package dev.flashsale.ranking.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.ranking.application.SalesRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Completed orders feed the sales log. Cancelled orders are on another topic, which the ranking never reads. */
@Component
class OrderCompletedListener {

    private final MessageDispatcher dispatcher;

    OrderCompletedListener(Inbox inbox, SalesRecorder salesRecorder) {
        this.dispatcher = inbox.dispatcher()
                .on(OrderCompleted.class, salesRecorder::record)
                .build();
    }

    @KafkaListener(topics = Topics.ORDER_COMPLETED)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
