package dev.flashsale.balance.web;

import dev.flashsale.balance.application.UserService;
import dev.flashsale.balance.application.UserView;
import dev.flashsale.balance.domain.User;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @PostMapping("/api/v1/admin/users")
    ResponseEntity<UserView> register(@Valid @RequestBody RegisterUserRequest request,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        UserView user = users.register(request.name(), idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.userId())).body(user);
    }

    @GetMapping("/api/v1/users/{userId}")
    UserView user(@PathVariable @Positive long userId) {
        return users.find(userId);
    }

    record RegisterUserRequest(@NotBlank @Size(max = User.MAX_NAME_LENGTH) String name) {
    }
}
