package dev.flashsale.order.persistence;

import dev.flashsale.order.domain.Order;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;

public interface OrderRepository extends JpaRepository<Order, Long> {

    Page<Order> findByUserIdOrderByIdDesc(long userId, Pageable page);

    /** Of {@code ids}, those no longer PENDING: one query for every client waiting on this instance. */
    @Query("select o.id from Order o where o.id in :ids and o.status <> dev.flashsale.order.domain.OrderStatus.PENDING")
    List<Long> finishedAmong(@Param("ids") Collection<Long> ids);
}
