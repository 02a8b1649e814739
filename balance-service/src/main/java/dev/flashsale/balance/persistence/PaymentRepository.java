package dev.flashsale.balance.persistence;

import dev.flashsale.balance.domain.Payment;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PaymentRepository extends JpaRepository<Payment, Long> {
}
