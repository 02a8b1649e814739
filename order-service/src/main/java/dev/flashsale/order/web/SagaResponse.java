package dev.flashsale.order.web;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.saga.domain.Effect;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.ParticipantProgress;
import dev.flashsale.order.saga.domain.SagaPlan;
import dev.flashsale.order.saga.domain.SagaState;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A saga as an operator sees it: where it stands, what each participant did (in the order they act), what it waits
 * on and until when.
 */
public record SagaResponse(long orderId, SagaState state, ErrorCode failureReason, List<ParticipantResponse> participants,
                           OffsetDateTime nextDeadline, OffsetDateTime startedAt, OffsetDateTime endedAt) {

    /** One participant's part: {@code effect} NONE when it was never asked (no coupon, or the saga ended before). */
    public record ParticipantResponse(String name, Effect effect, int attempts, OffsetDateTime since,
                                      OffsetDateTime deadline) {
    }

    static SagaResponse of(OrderSaga saga, SagaPlan plan, ZoneId zone) {
        List<ParticipantResponse> participants = plan.participants().stream().map(participant -> {
            ParticipantProgress progress = saga.progress().get(participant.name());
            return progress == null
                    ? new ParticipantResponse(participant.name(), Effect.NONE, 0, null, null)
                    : new ParticipantResponse(participant.name(), progress.effect(), progress.attempts(),
                    Times.at(progress.since(), zone), Times.at(progress.deadline(), zone));
        }).toList();
        return new SagaResponse(saga.orderId(), saga.state(), saga.failureReason(), participants,
                Times.at(saga.nextDeadline(), zone), Times.at(saga.startedAt(), zone), Times.at(saga.endedAt(), zone));
    }
}
