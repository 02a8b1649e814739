package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Instant;

/** When a coupon can be issued: from {@code startsAt} (inclusive) until {@code endsAt} (exclusive). */
@Embeddable
public record IssueWindow(
        @Column(name = "issue_starts_at") Instant startsAt,
        @Column(name = "issue_ends_at") Instant endsAt) {

    public IssueWindow {
        if (startsAt == null || endsAt == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "issueStartsAt and issueEndsAt are required");
        }
        if (!startsAt.isBefore(endsAt)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "issueStartsAt must be before issueEndsAt, was " + startsAt + " .. " + endsAt);
        }
    }

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }
}
