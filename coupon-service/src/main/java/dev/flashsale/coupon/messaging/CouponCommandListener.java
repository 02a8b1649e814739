package dev.flashsale.coupon.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.coupon.application.CouponUsage;
import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The order saga's commands to this service. */
@Component
public class CouponCommandListener {

    private final MessageDispatcher dispatcher;

    public CouponCommandListener(Inbox inbox, CouponUsage usage) {
        this.dispatcher = inbox.dispatcher()
                .on(UseCoupon.class, usage::use)
                .on(RestoreCoupon.class, usage::restore)
                .build();
    }

    @KafkaListener(topics = Topics.COUPON_COMMANDS)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
