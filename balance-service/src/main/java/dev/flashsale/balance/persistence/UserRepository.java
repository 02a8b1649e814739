package dev.flashsale.balance.persistence;

import dev.flashsale.balance.domain.User;
import org.springframework.data.jpa.repository.JpaRepository;

public interface UserRepository extends JpaRepository<User, Long> {
}
