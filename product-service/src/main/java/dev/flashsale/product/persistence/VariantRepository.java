package dev.flashsale.product.persistence;

import dev.flashsale.product.domain.Variant;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface VariantRepository extends JpaRepository<Variant, Long> {

    /**
     * Locks the variants that exist among {@code ids} ({@code for no key update}) in ascending id order and
     * returns them as they are once locked. PostgreSQL locks the rows as the sorted result is produced, so
     * every transaction that uses this takes its locks in one global order: no deadlock between two orders.
     * Call it before anything else in the transaction has loaded these variants.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select v from Variant v where v.id in :ids order by v.id")
    List<Variant> lockInIdOrder(@Param("ids") Collection<Long> ids);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select v from Variant v where v.id = :id")
    Optional<Variant> lock(@Param("id") long id);

    List<Variant> findByProductIdInOrderByProductIdAscIdAsc(Collection<Long> productIds);
}
