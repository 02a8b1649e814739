package dev.flashsale.groupcommit;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The two Spring executors a {@link GroupCommit} runs on, configured for it: declare each as a {@code @Bean} (Spring
 * then initialises and destroys it) and give both to the engine.
 *
 * <p>Both keep taking tasks after the context starts closing: the engine stops after the web server has drained
 * (its requests still wait for answers) and drains its own queues through these executors; they shut down only
 * when destroyed, after the engine has stopped. Declared {@code @Bean(defaultCandidate = false)}, they do not count
 * as the application's executor or scheduler for Spring Boot's auto-configuration.
 */
public final class GroupCommitExecutors {

    private GroupCommitExecutors() {
    }

    /**
     * The writers: {@code threads} platform threads (each holds one database connection while its batch commits, so
     * size it for the CPU and the connection pool, not for the load; batches grow instead). At most one task per
     * key ever waits in its queue, so the queue is unbounded.
     */
    public static ThreadPoolTaskExecutor writers(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
        ThreadPoolTaskExecutor writers = new ThreadPoolTaskExecutor();
        writers.setThreadNamePrefix(name + "-writer-");
        writers.setCorePoolSize(threads);
        writers.setMaxPoolSize(threads);
        writers.setDaemon(true);
        writers.setAcceptTasksAfterContextClose(true);
        writers.setWaitForTasksToCompleteOnShutdown(true);
        writers.setAwaitTerminationSeconds(10);
        return writers;
    }

    /** The timekeeper: one thread that withdraws overdue requests and answers batches past their deadline. */
    public static ThreadPoolTaskScheduler timekeeper(String name) {
        ThreadPoolTaskScheduler timekeeper = new ThreadPoolTaskScheduler();
        timekeeper.setThreadNamePrefix(name + "-timekeeper-");
        timekeeper.setPoolSize(1);
        timekeeper.setDaemon(true);
        timekeeper.setRemoveOnCancelPolicy(true);
        timekeeper.setAcceptTasksAfterContextClose(true);
        return timekeeper;
    }
}
