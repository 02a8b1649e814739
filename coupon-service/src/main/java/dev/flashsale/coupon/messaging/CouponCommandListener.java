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

import java.util.List;

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

    /** A batch at a time: one transaction for all of it, the inbox per record (see MessageDispatcher). */
    @KafkaListener(topics = Topics.COUPON_COMMANDS, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        dispatcher.dispatch(records);
    }
}
