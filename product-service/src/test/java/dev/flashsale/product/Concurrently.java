package dev.flashsale.product;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Fires tasks at the real service from many threads at once: a thundering herd, not a queue. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs every task on a pool of {@code threads}, all released by one starting gun, and waits for them.
     *
     * @throws AssertionError carrying the first task's failure, if any failed
     */
    public static void run(int threads, List<? extends Runnable> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new AssertionError("a concurrent task failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
