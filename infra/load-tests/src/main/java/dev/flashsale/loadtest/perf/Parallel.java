package dev.flashsale.loadtest.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** {@code clients} threads, released together by one starting gun, each running {@code client(i)} to its end. */
final class Parallel {

    private Parallel() {
    }

    static void run(int clients, IntConsumer client) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch gun = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>(clients);
            for (int i = 0; i < clients; i++) {
                int index = i;
                running.add(pool.submit(() -> {
                    gun.await();
                    client.accept(index);
                    return null;
                }));
            }
            gun.countDown();
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
