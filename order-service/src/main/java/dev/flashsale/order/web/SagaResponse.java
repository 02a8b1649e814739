package dev.flashsale.order.web;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.Effect;
import dev.flashsale.order.domain.OrderSaga;
import dev.flashsale.order.domain.SagaState;
import dev.flashsale.order.domain.SagaStep;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A saga as an operator sees it: where it stands, what each participant did, what it waits on. */
public record SagaResponse(long orderId, SagaState state, SagaStep step, Effect stock, Effect coupon, Effect balance,
                           ErrorCode failureReason, int attempts, OffsetDateTime deadline, OffsetDateTime startedAt,
                           OffsetDateTime endedAt) {

    static SagaResponse of(OrderSaga saga, ZoneId zone) {
        return new SagaResponse(saga.orderId(), saga.state(), saga.step(), saga.stock(), saga.coupon(), saga.balance(),
                saga.failureReason(), saga.attempts(), Times.at(saga.deadline(), zone), Times.at(saga.startedAt(), zone),
                Times.at(saga.endedAt(), zone));
    }
}
