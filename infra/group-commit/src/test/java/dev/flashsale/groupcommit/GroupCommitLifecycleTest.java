package dev.flashsale.groupcommit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as a Spring application declares it: executors as beans, the engine a lifecycle bean. Closing the
 * context stops the engine before its executors, so requests waiting at that moment are still decided.
 */
class GroupCommitLifecycleTest {

    @Test
    void decidesTheRequestsWaitingWhenTheContextClosesBeforeItsExecutorsStop() {
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Engine.class)) {
            @SuppressWarnings("unchecked")
            GroupCommit<String, Integer, Integer> engine = context.getBean(GroupCommit.class);
            assertThat(engine.isRunning()).isTrue();
            for (int i = 0; i < 30; i++) {
                answers.add(engine.submit("k" + i % 3, i));
            }
        }

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("request %d", i).isCompletedWithValue(i);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Engine {

        @Bean(defaultCandidate = false)
        ThreadPoolTaskExecutor testWriters() {
            return GroupCommitExecutors.writers("test", 1);
        }

        @Bean(defaultCandidate = false)
        ThreadPoolTaskScheduler testTimekeeper() {
            return GroupCommitExecutors.timekeeper("test");
        }

        @Bean
        GroupCommit<String, Integer, Integer> engine(@Qualifier("testWriters") TaskExecutor writers,
                                                     @Qualifier("testTimekeeper") TaskScheduler timekeeper) {
            GroupCommitSettings settings = new GroupCommitSettings(2, 100, Duration.ofSeconds(10), Duration.ofSeconds(10), 1,
                    Duration.ZERO);
            return new GroupCommit<>("test", (key, batch, attempt) -> {
                TimeUnit.MILLISECONDS.sleep(10);
                return batch.stream().map(Outcome::<Integer>answered).toList();
            }, settings, writers, timekeeper, new GroupCommitListener<>() {
            });
        }
    }
}
