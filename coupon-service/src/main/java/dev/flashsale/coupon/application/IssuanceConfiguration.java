package dev.flashsale.coupon.application;

import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.groupcommit.GroupCommit;
import dev.flashsale.groupcommit.GroupCommitExecutors;
import dev.flashsale.groupcommit.GroupCommitListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The group-commit engine that issues coupons, with its executors: {@code writers} threads shared by all coupons
 * (one coupon uses one at a time) and a timekeeper. Not the application's default executors (they do not replace
 * the ones Spring Boot configures).
 */
@Configuration(proxyBeanMethods = false)
class IssuanceConfiguration {

    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor couponIssueWriters(CouponProperties properties) {
        return GroupCommitExecutors.writers("coupon-issue", properties.issuance().writers());
    }

    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler couponIssueTimekeeper() {
        return GroupCommitExecutors.timekeeper("coupon-issue");
    }

    @Bean
    GroupCommit<Long, Long, IssuedCoupon> couponIssueEngine(IssuanceBatch batch, CouponProperties properties,
                                                            @Qualifier("couponIssueWriters") TaskExecutor writers,
                                                            @Qualifier("couponIssueTimekeeper") TaskScheduler timekeeper,
                                                            IssuanceMetrics metrics) {
        GroupCommit<Long, Long, IssuedCoupon> engine = new GroupCommit<>("coupon issuance", batch,
                properties.issuance().engine(), writers, timekeeper, new GroupCommitListener<>() {
                    @Override
                    public void batchDecided(Long couponId, int size, long nanos) {
                        metrics.batch(size, nanos);
                    }
                });
        metrics.queued(engine::waiting);
        return engine;
    }
}
