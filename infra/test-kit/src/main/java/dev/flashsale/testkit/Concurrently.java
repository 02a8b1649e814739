package dev.flashsale.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Fires tasks at the real service from many threads at once, all released by one starting gun: a
 * thundering herd, not a queue. A task's failure fails the test.
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** Runs {@code task(0)} … {@code task(tasks - 1)} on {@code threads} threads and returns their results in order. */
    public static <T> List<T> run(int tasks, int threads, IntFunction<T> task) {
        List<Future<T>> futures = new ArrayList<>(tasks);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < tasks; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>(tasks);
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while tasks ran", e);
        } catch (Exception e) {
            throw new AssertionError("a concurrent task failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs every task on {@code threads} threads and waits for all of them. */
    public static void run(int threads, List<? extends Runnable> tasks) {
        run(tasks.size(), threads, i -> {
            tasks.get(i).run();
            return null;
        });
    }
}
