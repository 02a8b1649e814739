package dev.flashsale.order.persistence;

import dev.flashsale.order.domain.OrderSaga;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface OrderSagaRepository extends JpaRepository<OrderSaga, Long> {

    /** Running, compensating or confirming: the saga still has work to do on its own. */
    String IS_OPEN = """
            s.state in (dev.flashsale.order.domain.SagaState.RUNNING, dev.flashsale.order.domain.SagaState.COMPENSATING,
                        dev.flashsale.order.domain.SagaState.CONFIRMING)""";

    /**
     * The saga, locked until the end of the transaction. Waiting on the lock also waits out a commit
     * that has reached the WAL (and so, through the relay, a participant that already answered) but
     * is not yet visible: the answer is then judged against the saga's latest state, never an older one.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from OrderSaga s where s.orderId = :orderId")
    Optional<OrderSaga> lock(@Param("orderId") long orderId);

    /** Sagas whose awaited step is past its deadline, oldest first (served by a partial index). */
    @Query("select s.orderId from OrderSaga s where s.deadline <= :now order by s.deadline")
    List<Long> overdue(@Param("now") Instant now, Limit limit);

    @Query("""
            select s from OrderSaga s where s.state = dev.flashsale.order.domain.SagaState.FAILED
            order by s.orderId""")
    Page<OrderSaga> failed(Pageable page);

    @Query("select s from OrderSaga s where " + IS_OPEN + " order by s.orderId")
    Page<OrderSaga> open(Pageable page);

    /** Open sagas past their deadline, or whose awaited command already had to be sent again. */
    @Query("select s from OrderSaga s where " + IS_OPEN + " and (s.deadline < :now or s.attempts > 1) order by s.orderId")
    Page<OrderSaga> stuck(@Param("now") Instant now, Pageable page);
}
