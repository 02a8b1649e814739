package dev.flashsale.balance.persistence;

import dev.flashsale.balance.domain.LedgerEntry;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface LedgerRepository extends JpaRepository<LedgerEntry, Long> {

    Page<LedgerEntry> findByUserId(long userId, Pageable pageable);
}
