package dev.flashsale.order.saga.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.order.saga.application.SagaOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The saga's one reply channel: every reply type the saga's table names, keyed by order id, each handled once.
 * A participant added to the table is heard here without a change.
 */
@Component
class SagaReplyListener {

    private final MessageDispatcher dispatcher;

    SagaReplyListener(Inbox inbox, SagaOrchestrator saga) {
        MessageDispatcher.Builder builder = inbox.dispatcher();
        saga.replyTypes().forEach(type -> register(builder, type, saga));
        this.dispatcher = builder.build();
    }

    private static <T extends SagaMessage> void register(MessageDispatcher.Builder builder, Class<T> type,
                                                         SagaOrchestrator saga) {
        builder.on(type, (T reply) -> saga.onReply(reply));
    }

    /** A batch at a time: one transaction for all of it, the inbox per record; replies of one order stay in order. */
    @KafkaListener(topics = Topics.ORDER_SAGA_REPLIES, concurrency = "${flashsale.order.saga.reply-consumers:1}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
