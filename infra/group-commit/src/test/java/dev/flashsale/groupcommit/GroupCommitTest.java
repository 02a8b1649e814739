package dev.flashsale.groupcommit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine alone, with a handler in memory: answers exactly once under concurrency, one writer per key, batches
 * that grow with the load, failed and in-doubt batches, the queue limit, both timeouts, and stopping with requests
 * waiting. Real Spring executors, no database.
 */
class GroupCommitTest {

    private static final GroupCommitSettings DEFAULTS = new GroupCommitSettings(
            1_000, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(10), 3, Duration.ofMillis(10));

    private final List<GroupCommit<?, ?, ?>> engines = new ArrayList<>();
    private final List<ThreadPoolTaskExecutor> executors = new ArrayList<>();
    private final List<ThreadPoolTaskScheduler> schedulers = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stopEverything() {
        released.countDown();
        engines.forEach(GroupCommit::stop);
        executors.forEach(ThreadPoolTaskExecutor::shutdown);
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
    }

    @Test
    void answersEveryRequestExactlyOnceWithItsOwnOutcomeWhileManyThreadsSubmitToFewKeys() throws Exception {
        int requests = 20_000;
        int keys = 8;
        AtomicIntegerArray decided = new AtomicIntegerArray(requests);
        Map<Integer, AtomicInteger> writersPerKey = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer, Integer, String> engine = engine(DEFAULTS, 4, (key, batch, attempt) -> {
            AtomicInteger writers = writersPerKey.computeIfAbsent(key, k -> new AtomicInteger());
            if (writers.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            batches.incrementAndGet();
            TimeUnit.MICROSECONDS.sleep(200);
            List<Outcome<String>> outcomes = new ArrayList<>();
            for (int request : batch) {
                decided.incrementAndGet(request);
                outcomes.add(request % 7 == 0 ? Outcome.refused(new IllegalStateException("no " + request))
                        : Outcome.answered("yes " + request));
            }
            writers.decrementAndGet();
            return outcomes;
        });

        AtomicReferenceArray<CompletableFuture<String>> answers = new AtomicReferenceArray<>(requests);
        ExecutorService clients = Executors.newFixedThreadPool(64);
        CountDownLatch gun = new CountDownLatch(1);
        for (int i = 0; i < requests; i++) {
            int request = i;
            clients.execute(() -> {
                try {
                    gun.await();
                } catch (InterruptedException e) {
                    return;
                }
                answers.set(request, engine.submit(request % keys, request));
            });
        }
        gun.countDown();
        clients.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        for (int request = 0; request < requests; request++) {
            CompletableFuture<String> answer = answers.get(request);
            if (request % 7 == 0) {
                int refused = request;
                assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().hasMessage("no " + refused);
            } else {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("yes " + request);
            }
            assertThat(decided.get(request)).as("times request %d was decided", request).isEqualTo(1);
        }
        assertThat(overlaps).as("batches of one key that ran at the same time").hasValue(0);
        assertThat(batches.get()).as("batches for %d requests", requests).isLessThan(requests / 4);
        assertThat(engine.waiting()).isZero();
    }

    @Test
    void takesAtMostTheMaximumBatchSizeAndTheOldestRequestsFirst() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        GroupCommit<String, Integer, Integer> engine = engine(settings(5, 100, 10_000, 10_000), 1, (key, batch, attempt) -> {
            batches.add(List.copyOf(batch));
            released.await();
            return batch.stream().map(Outcome::<Integer>answered).toList();
        });
        CompletableFuture<Integer> first = engine.submit("k", 0);
        await().until(() -> batches.size() == 1);
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            waiting.add(engine.submit("k", i));
        }

        released.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    @Test
    void decidesOtherKeysWhileOneKeysWriterIsBusy() throws Exception {
        GroupCommit<String, Integer, Integer> engine = engine(DEFAULTS, 2, (key, batch, attempt) -> {
            if (key.equals("slow")) {
                released.await();
            }
            return batch.stream().map(Outcome::<Integer>answered).toList();
        });
        CompletableFuture<Integer> slow = engine.submit("slow", 1);

        assertThat(engine.submit("quick", 2).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(slow).isNotDone();
        released.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void answersEveryRequestOfABatchThatFailsEveryTryWithTheFailureAndDecidesTheNextBatch() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        GroupCommit<String, String, String> engine = engine(DEFAULTS, 1, (key, batch, attempt) -> {
            if (batch.contains("gate")) {
                gate.await();
            }
            if (batch.contains("poison")) {
                tries.incrementAndGet();
                throw new IllegalStateException("the database refused the batch");
            }
            return batch.stream().map(Outcome::<String>answered).toList();
        });
        CompletableFuture<String> gated = engine.submit("k", "gate");
        await().until(() -> engine.waiting() == 0);
        List<CompletableFuture<String>> failing = List.of(engine.submit("k", "a"), engine.submit("k", "poison"),
                engine.submit("k", "b"));

        gate.countDown();

        assertThat(gated.get(5, TimeUnit.SECONDS)).isEqualTo("gate");
        for (CompletableFuture<String> answer : failing) {
            assertThat(failure(answer)).satisfies(failure -> {
                assertThat(failure.reason()).isEqualTo(GroupCommitException.Reason.FAILED);
                assertThat(failure.mayHaveTakenEffect()).isFalse();
                assertThat(failure.getCause()).hasMessage("the database refused the batch");
            });
        }
        assertThat(tries).as("tries of the failing batch").hasValue(DEFAULTS.maxAttempts());
        assertThat(engine.submit("k", "next").get(5, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void givesTheNextTryOfAnInDoubtBatchWhatTheFailedTryMayHaveWritten() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        GroupCommit<String, String, String> engine = engine(DEFAULTS, 1, (key, batch, attempt) -> {
            attempts.add(attempt);
            if (attempt.number() == 1) {
                throw new InDoubtException("rows 7 and 8", new IllegalStateException("connection reset at commit"));
            }
            return batch.stream().map(request -> Outcome.answered(request + " after " + attempt.inDoubt())).toList();
        });

        assertThat(engine.submit("k", "r").get(5, TimeUnit.SECONDS)).isEqualTo("r after [rows 7 and 8]");
        assertThat(attempts).extracting(Attempt::number, Attempt::isInDoubt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, true));
    }

    @Test
    void answersOutcomeUnknownWhenEveryTryOfABatchFailsAndOneOfThemInDoubt() {
        GroupCommit<String, String, String> engine = engine(DEFAULTS, 1, (key, batch, attempt) -> {
            if (attempt.number() == 2) {
                throw new InDoubtException(List.of(), new IllegalStateException("reset at commit"));
            }
            throw new IllegalStateException("unreachable");
        });

        GroupCommitException failure = failure(engine.submit("k", "r"));

        assertThat(failure.reason()).isEqualTo(GroupCommitException.Reason.OUTCOME_UNKNOWN);
        assertThat(failure.mayHaveTakenEffect()).isTrue();
    }

    @Test
    void withdrawsRequestsThatWaitLongerThanTheQueueTimeoutAndNeverDecidesThem() throws Exception {
        List<String> decided = new CopyOnWriteArrayList<>();
        GroupCommit<String, String, String> engine = engine(settings(100, 100, 200, 10_000), 1, (key, batch, attempt) -> {
            decided.addAll(batch);
            released.await();
            return batch.stream().map(Outcome::<String>answered).toList();
        });
        CompletableFuture<String> taken = engine.submit("k", "taken");
        await().until(() -> decided.contains("taken"));
        List<CompletableFuture<String>> waiting = List.of(engine.submit("k", "w1"), engine.submit("k", "w2"));

        for (CompletableFuture<String> answer : waiting) {
            GroupCommitException failure = failure(answer);
            assertThat(failure.reason()).isEqualTo(GroupCommitException.Reason.QUEUE_TIMEOUT);
            assertThat(failure.mayHaveTakenEffect()).isFalse();
        }
        assertThat(taken).as("a request taken into a batch waits for its batch").isNotDone();
        released.countDown();
        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("taken");
        assertThat(engine.submit("k", "later").get(5, TimeUnit.SECONDS)).isEqualTo("later");
        assertThat(decided).containsExactly("taken", "later");
    }

    @Test
    void answersABatchStillRunningAtItsDeadlineOutcomeUnknownWithinTheLongestWait() throws Exception {
        GroupCommitSettings settings = settings(100, 100, 10_000, 300);
        CountDownLatch handlerReturned = new CountDownLatch(1);
        GroupCommit<String, String, String> engine = engine(settings, 1, (key, batch, attempt) -> {
            try {
                released.await();
                return batch.stream().map(Outcome::<String>answered).toList();
            } finally {
                handlerReturned.countDown();
            }
        });
        long submitted = System.nanoTime();
        CompletableFuture<String> stuck = engine.submit("k", "r");

        GroupCommitException failure = failure(stuck);

        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(settings.longestWait().plusMillis(200))
                .isGreaterThanOrEqualTo(settings.batchTimeout());
        assertThat(failure.reason()).isEqualTo(GroupCommitException.Reason.OUTCOME_UNKNOWN);
        released.countDown();
        assertThat(handlerReturned.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure(stuck)).as("the late result does not answer again").isSameAs(failure);
    }

    @Test
    void refusesARequestAtOnceWhenTooManyAlreadyWaitForItsKey() throws Exception {
        GroupCommit<String, String, String> engine = engine(settings(100, 2, 10_000, 10_000), 1, (key, batch, attempt) -> {
            released.await();
            return batch.stream().map(Outcome::<String>answered).toList();
        });
        CompletableFuture<String> taken = engine.submit("k", "taken");
        await().until(() -> engine.waiting() == 0);
        List<CompletableFuture<String>> queued = List.of(engine.submit("k", "q1"), engine.submit("k", "q2"));

        CompletableFuture<String> refused = engine.submit("k", "q3");

        assertThat(refused).isCompletedExceptionally();
        assertThat(failure(refused).reason()).isEqualTo(GroupCommitException.Reason.QUEUE_FULL);
        CompletableFuture<String> otherKey = engine.submit("other", "o");
        released.countDown();
        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("taken");
        for (CompletableFuture<String> answer : queued) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).startsWith("q");
        }
        assertThat(otherKey.get(5, TimeUnit.SECONDS)).isEqualTo("o");
    }

    @Test
    void decidesWhatWaitsWhenStoppedAndRefusesWhatComesAfter() throws Exception {
        GroupCommit<String, Integer, Integer> engine = engine(settings(1, 100, 10_000, 10_000), 1, (key, batch, attempt) -> {
            TimeUnit.MILLISECONDS.sleep(20);
            return batch.stream().map(Outcome::<Integer>answered).toList();
        });
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(engine.submit("k", i));
        }

        engine.stop();

        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i)).as("request %d", i).isCompletedWithValue(i);
        }
        CompletableFuture<Integer> late = engine.submit("k", 99);
        assertThat(failure(late).reason()).isEqualTo(GroupCommitException.Reason.STOPPED);
    }

    @Test
    void leavesNoCallerHangingWhenStoppedWhileAWriterIsStuck() {
        GroupCommitSettings settings = settings(1, 100, 300, 300);
        GroupCommit<String, Integer, Integer> engine = engine(settings, 1, (key, batch, attempt) -> {
            released.await();
            return batch.stream().map(Outcome::<Integer>answered).toList();
        });
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(engine.submit("k", i));
        }
        long stopping = System.nanoTime();

        engine.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(settings.longestWait().plusSeconds(1));
        assertThat(answers).allSatisfy(answer -> assertThat(failure(answer).reason())
                .isIn(GroupCommitException.Reason.OUTCOME_UNKNOWN, GroupCommitException.Reason.QUEUE_TIMEOUT,
                        GroupCommitException.Reason.STOPPED));
    }

    @Test
    void answersOutcomeUnknownWhenTheHandlerReturnsTheWrongNumberOfOutcomes() {
        GroupCommit<String, Integer, Integer> engine = engine(DEFAULTS, 1, (key, batch, attempt) -> List.of());

        assertThat(failure(engine.submit("k", 1)).reason()).isEqualTo(GroupCommitException.Reason.OUTCOME_UNKNOWN);
    }

    @Test
    void dropsTheLaneOfAnIdleKeyAndServesItsNextRequestInANewOne() throws Exception {
        GroupCommit<Integer, Integer, Integer> engine = engine(settings(10, 100, 100, 100), 2,
                (key, batch, attempt) -> batch.stream().map(Outcome::<Integer>answered).toList());
        for (int key = 0; key < 50; key++) {
            assertThat(engine.submit(key, key).get(5, TimeUnit.SECONDS)).isEqualTo(key);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> engine.lanes() == 0);

        assertThat(engine.submit(7, 70).get(5, TimeUnit.SECONDS)).isEqualTo(70);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new GroupCommitSettings(0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommitSettings(1, 1, Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new GroupCommitSettings(1, 1, Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Duration.ZERO).longestWait())
                .isEqualTo(Duration.ofMillis(4_200));
    }

    private static GroupCommitSettings settings(int maxBatchSize, int maxQueued, long queueTimeoutMillis, long batchTimeoutMillis) {
        return new GroupCommitSettings(maxBatchSize, maxQueued, Duration.ofMillis(queueTimeoutMillis),
                Duration.ofMillis(batchTimeoutMillis), 3, Duration.ofMillis(10));
    }

    private <K, R, A> GroupCommit<K, R, A> engine(GroupCommitSettings settings, int writers, BatchHandler<K, R, A> handler) {
        ThreadPoolTaskExecutor writerPool = GroupCommitExecutors.writers("test", writers);
        writerPool.initialize();
        executors.add(writerPool);
        ThreadPoolTaskScheduler timekeeper = GroupCommitExecutors.timekeeper("test");
        timekeeper.initialize();
        schedulers.add(timekeeper);
        GroupCommit<K, R, A> engine = new GroupCommit<>("test", handler, settings, writerPool, timekeeper,
                new GroupCommitListener<>() {
                });
        engine.start();
        engines.add(engine);
        return engine;
    }

    private static GroupCommitException failure(CompletableFuture<?> answer) {
        try {
            answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(GroupCommitException.class);
            return (GroupCommitException) failed.getCause();
        } catch (Exception e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("answered with a value, expected a failure");
    }
}
