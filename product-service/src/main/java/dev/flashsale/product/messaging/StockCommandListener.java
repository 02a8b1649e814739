package dev.flashsale.product.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.product.application.StockReservations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Everything that moves stock for the order saga: its commands (hold, release) and completed orders (sell), each
 * handled once per event id. One consumer thread by default ({@code flashsale.product.stock-consumers}): a batch is
 * one transaction that may lock the variants of many orders, and two such transactions running at once could lock
 * shared variants in opposite orders; one writer never waits on another, and one commit covers a whole batch.
 */
@Component
class StockCommandListener {

    private final MessageDispatcher dispatcher;

    StockCommandListener(Inbox inbox, StockReservations stock) {
        this.dispatcher = inbox.dispatcher()
                .on(ReserveStock.class, stock::reserve)
                .on(ReleaseStock.class, stock::release)
                .on(OrderCompleted.class, stock::sell)
                .build();
    }

    @KafkaListener(topics = {Topics.STOCK_COMMANDS, Topics.ORDER_COMPLETED},
            concurrency = "${flashsale.product.stock-consumers:1}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
