package dev.flashsale.order.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.StockConfirmed;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.order.application.SagaOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The saga's one reply channel: every participant's answer, keyed by order id, each handled once. */
@Component
class SagaReplyListener {

    private final MessageDispatcher dispatcher;

    SagaReplyListener(Inbox inbox, SagaOrchestrator saga) {
        this.dispatcher = inbox.dispatcher()
                .on(StockReserved.class, saga::onStockReserved)
                .on(StockReservationFailed.class, saga::onStockReservationFailed)
                .on(CouponApplied.class, saga::onCouponApplied)
                .on(CouponRejected.class, saga::onCouponRejected)
                .on(BalanceDeducted.class, saga::onBalanceDeducted)
                .on(BalanceDeductionFailed.class, saga::onBalanceDeductionFailed)
                .on(StockReleased.class, saga::onStockReleased)
                .on(CouponRestored.class, saga::onCouponRestored)
                .on(BalanceRefunded.class, saga::onBalanceRefunded)
                .on(StockConfirmed.class, saga::onStockConfirmed)
                .build();
    }

    @KafkaListener(topics = Topics.ORDER_SAGA_REPLIES, concurrency = "${flashsale.order.saga.reply-consumers:3}")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
