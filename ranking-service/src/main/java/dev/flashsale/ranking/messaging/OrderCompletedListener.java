package dev.flashsale.ranking.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.ranking.application.SalesRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** Completed orders feed the sales log. Cancelled orders are on another topic, which the ranking never reads. */
@Component
class OrderCompletedListener {

    private final MessageDispatcher dispatcher;

    OrderCompletedListener(Inbox inbox, SalesRecorder salesRecorder) {
        this.dispatcher = inbox.dispatcher()
                .on(OrderCompleted.class, salesRecorder::record)
                .build();
    }

    /** A batch at a time: one transaction for all of it, the inbox per record (see MessageDispatcher). */
    @KafkaListener(topics = Topics.ORDER_COMPLETED, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
