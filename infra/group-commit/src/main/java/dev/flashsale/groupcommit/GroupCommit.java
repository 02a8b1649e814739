package dev.flashsale.groupcommit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: requests for one key wait in that key's queue; at most one writer per key at a time takes up to
 * {@code maxBatchSize} of them, oldest first, and has the {@link BatchHandler} decide them all at once (one
 * transaction, one commit); only then is each request answered. While one batch commits the next one fills, so
 * the batch grows with the load by itself: a quiet key is decided one request at a time with no added delay, a
 * hot key hundreds per commit. A writer decides one batch and hands the key back, so hot keys take turns on
 * the writer threads.
 *
 * <p>Every request submitted is answered exactly once (its future completes once), and no later than
 * {@link GroupCommitSettings#longestWait()} after it was submitted:
 * <ul>
 *   <li>with the handler's outcome for it, once its batch's handler has returned;</li>
 *   <li>{@code QUEUE_FULL} at once when too many requests wait for its key, {@code STOPPED} when the engine does not
 *       run; {@code QUEUE_TIMEOUT} when no batch took it in time: in these three cases nothing was done;</li>
 *   <li>{@code FAILED} when every try of its batch failed (nothing was done), {@code OUTCOME_UNKNOWN} when a try
 *       failed in doubt or the batch was still running at its deadline.</li>
 * </ul>
 * The timekeeper enforces the bound, not the writer: a request is answered at its deadline even while its writer
 * is stuck in a hung connection (the writer's late result is then dropped).
 *
 * <p>Shutting down (the {@link SmartLifecycle} stop, after the web server has drained its requests and before the
 * executors stop) refuses new requests, lets the writers decide what already waits, and answers whatever is left
 * once the longest wait has passed: nobody is left hanging.
 *
 * <p>Writers and the timekeeper are Spring executors (see {@link GroupCommitExecutors}); this class starts no
 * thread of its own. Keys should be a bounded set (coupon ids, say): a key's lane is dropped while idle and made
 * again on its next request.
 *
 * @param <K> the key: one writer per key at a time
 * @param <R> a request
 * @param <A> an answer
 */
public final class GroupCommit<K, R, A> implements SmartLifecycle {

    /**
     * Stops after the web server (whose graceful shutdown still waits for answers from here) and before the
     * executors (whose threads the stop still uses).
     */
    public static final int PHASE = ExecutorConfigurationSupport.DEFAULT_PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final String name;
    private final BatchHandler<K, R, A> handler;
    private final GroupCommitSettings settings;
    private final TaskExecutor writers;
    private final TaskScheduler timekeeper;
    private final GroupCommitListener<K> listener;
    private final Map<K, Lane> lanes = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private volatile boolean accepting;
    private ScheduledFuture<?> sweeper;

    public GroupCommit(String name, BatchHandler<K, R, A> handler, GroupCommitSettings settings, TaskExecutor writers,
                       TaskScheduler timekeeper, GroupCommitListener<K> listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.writers = Objects.requireNonNull(writers, "writers");
        this.timekeeper = Objects.requireNonNull(timekeeper, "timekeeper");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Queues {@code request} for {@code key}'s next batch.
     *
     * @return its answer: the handler's value, or completed exceptionally with the handler's refusal or a
     * {@link GroupCommitException}; never left incomplete past {@link GroupCommitSettings#longestWait()}
     */
    public CompletableFuture<A> submit(K key, R request) {
        Pending<R, A> pending = new Pending<>(request, System.nanoTime());
        if (!accepting) {
            pending.fail(stopped());
            return pending.answer;
        }
        Lane lane = admit(key);
        if (lane == null) {
            pending.fail(new GroupCommitException(GroupCommitException.Reason.QUEUE_FULL,
                    settings.maxQueuedPerKey() + " requests already wait for " + name + " " + key + "; nothing was done",
                    null));
            return pending.answer;
        }
        lane.queue.add(pending);
        schedule(lane);
        if (!accepting && pending.withdraw()) {
            // Stopping began between the check above and the enqueue: the stop's last pass may have missed it.
            pending.fail(stopped());
        }
        return pending.answer;
    }

    /** Requests waiting for a batch, all keys together. */
    public int waiting() {
        int waiting = 0;
        for (Lane lane : lanes.values()) {
            waiting += Math.max(0, lane.waiting.get());
        }
        return waiting;
    }

    public GroupCommitSettings settings() {
        return settings;
    }

    /** Keys with a lane: for tests that idle lanes are dropped. */
    int lanes() {
        return lanes.size();
    }

    /** A lane of {@code key} that counts this request as waiting, or null when the key's queue is full. */
    private Lane admit(K key) {
        for (; ; ) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            switch (lane.admit(settings.maxQueuedPerKey())) {
                case ADMITTED:
                    return lane;
                case FULL:
                    return null;
                default:
                    // Retired by the sweeper while idle: it is leaving the map; take (or make) the next one.
                    lanes.remove(key, lane);
            }
        }
    }

    private void schedule(Lane lane) {
        if (!lane.writing.compareAndSet(false, true)) {
            return;
        }
        try {
            writers.execute(() -> writeOneBatch(lane));
        } catch (TaskRejectedException shutDown) {
            lane.writing.set(false);
            lane.withdrawAll(stopped());
        }
    }

    /** Decides one batch of the lane, then hands the key back so that busy keys take turns on the writers. */
    private void writeOneBatch(Lane lane) {
        try {
            List<Pending<R, A>> batch = lane.take(settings.maxBatchSize());
            if (!batch.isEmpty()) {
                decide(lane, batch);
            }
        } finally {
            lane.inFlight = null;
            lane.writing.set(false);
            if (!lane.queue.isEmpty()) {
                schedule(lane);
            }
        }
    }

    private void decide(Lane lane, List<Pending<R, A>> batch) {
        long started = System.nanoTime();
        InFlight<R, A> inFlight = new InFlight<>(batch, started + settings.batchTimeout().toNanos());
        lane.inFlight = inFlight;
        List<R> requests = new ArrayList<>(batch.size());
        batch.forEach(pending -> requests.add(pending.request));
        List<Object> inDoubt = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Exception failure;
            try {
                List<Outcome<A>> outcomes = handler.decide(lane.key, requests, new Attempt(attempt, inFlight.deadline, inDoubt));
                deliver(lane.key, batch, outcomes);
                listener.batchDecided(lane.key, batch.size(), System.nanoTime() - started);
                return;
            } catch (InDoubtException doubt) {
                inDoubt.add(doubt.written());
                failure = doubt;
            } catch (Exception failed) {
                failure = failed;
            } catch (Error fatal) {
                answerAll(lane.key, batch, GroupCommitException.Reason.OUTCOME_UNKNOWN, fatal);
                throw fatal;
            }
            long pause = backoffBefore(attempt + 1);
            boolean timeLeft = System.nanoTime() + pause - inFlight.deadline < 0;
            if (attempt >= settings.maxAttempts() || !timeLeft || inFlight.allAnswered()) {
                GroupCommitException.Reason reason = inDoubt.isEmpty()
                        ? GroupCommitException.Reason.FAILED : GroupCommitException.Reason.OUTCOME_UNKNOWN;
                log.error("{}: batch of {} requests for {} failed after {} tries; answering them {}", name, batch.size(),
                        lane.key, attempt, reason, failure);
                answerAll(lane.key, batch, reason, failure);
                return;
            }
            log.warn("{}: batch of {} requests for {} failed (try {} of {}{}); trying again", name, batch.size(), lane.key,
                    attempt, settings.maxAttempts(), failure instanceof InDoubtException ? ", in doubt" : "", failure);
            if (!pause(pause)) {
                answerAll(lane.key, batch, GroupCommitException.Reason.OUTCOME_UNKNOWN, failure);
                return;
            }
        }
    }

    private void deliver(K key, List<Pending<R, A>> batch, List<Outcome<A>> outcomes) {
        if (outcomes == null || outcomes.size() != batch.size()) {
            // A bug in the handler, after it returned normally (so after its commit): what it did is unknown here.
            IllegalStateException bug = new IllegalStateException("the handler of " + name + " returned "
                    + (outcomes == null ? "null" : outcomes.size() + " outcomes") + " for " + batch.size() + " requests");
            log.error("{}: {}", name, bug.getMessage());
            answerAll(key, batch, GroupCommitException.Reason.OUTCOME_UNKNOWN, bug);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome<A> outcome = outcomes.get(i);
            if (outcome instanceof Outcome.Answered<A> answered) {
                batch.get(i).answer.complete(answered.value());
            } else if (outcome instanceof Outcome.Refused<A> refused) {
                batch.get(i).answer.completeExceptionally(refused.refusal());
            } else {
                batch.get(i).fail(new GroupCommitException(GroupCommitException.Reason.OUTCOME_UNKNOWN,
                        "the handler of " + name + " returned no outcome for this request", null));
            }
        }
    }

    private void answerAll(K key, List<Pending<R, A>> batch, GroupCommitException.Reason reason, Throwable cause) {
        GroupCommitException failure = new GroupCommitException(reason, reason.mayHaveTakenEffect()
                ? name + " could not confirm this request's batch; its outcome is unknown, asking again finds it out"
                : name + " failed to decide this request's batch; nothing was done", cause);
        int answered = 0;
        for (Pending<R, A> pending : batch) {
            if (pending.fail(failure)) {
                answered++;
            }
        }
        if (answered > 0) {
            listener.batchFailed(key, answered, reason);
        }
    }

    private long backoffBefore(int attempt) {
        return settings.retryBackoff().toNanos() << Math.min(attempt - 2, 20);
    }

    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The timekeeper's round: withdraws requests that waited past the queue timeout, answers batches still running at
     * their deadline, and drops idle lanes.
     */
    private void sweep() {
        long now = System.nanoTime();
        long overdueBefore = now - settings.queueTimeout().toNanos();
        for (Lane lane : lanes.values()) {
            for (Pending<R, A> pending : lane.queue) {
                if (pending.arrived - overdueBefore > 0) {
                    break;
                }
                if (pending.withdraw()) {
                    pending.fail(new GroupCommitException(GroupCommitException.Reason.QUEUE_TIMEOUT, "the request waited "
                            + settings.queueTimeout().toMillis() + " ms for its turn at " + name + "; nothing was done", null));
                }
            }
            InFlight<R, A> inFlight = lane.inFlight;
            if (inFlight != null && now - inFlight.deadline >= 0 && !inFlight.allAnswered()) {
                log.warn("{}: batch of {} requests for {} still running after {}; answering them OUTCOME_UNKNOWN", name,
                        inFlight.batch.size(), lane.key, settings.batchTimeout());
                answerAll(lane.key, inFlight.batch, GroupCommitException.Reason.OUTCOME_UNKNOWN, null);
            }
            if (lane.retireIfIdle()) {
                lanes.remove(lane.key, lane);
            }
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (accepting) {
                return;
            }
            long interval = settings.sweepInterval().toNanos();
            sweeper = timekeeper.scheduleWithFixedDelay(this::sweepSafely, Duration.ofNanos(interval));
            accepting = true;
        }
    }

    /**
     * Refuses new requests, lets the writers decide those already waiting for up to the longest wait, then answers
     * whatever is left: {@code STOPPED} if still queued (nothing was done), {@code OUTCOME_UNKNOWN} if in a batch.
     */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!accepting && sweeper == null) {
                return;
            }
            accepting = false;
            long giveUpAt = System.nanoTime() + settings.longestWait().toNanos();
            while (lanes.values().stream().anyMatch(Lane::busy) && System.nanoTime() - giveUpAt < 0) {
                if (!pause(TimeUnit.MILLISECONDS.toNanos(10))) {
                    break;
                }
            }
            if (sweeper != null) {
                sweeper.cancel(false);
                sweeper = null;
            }
            for (Lane lane : lanes.values()) {
                lane.withdrawAll(stopped());
                InFlight<R, A> inFlight = lane.inFlight;
                if (inFlight != null) {
                    answerAll(lane.key, inFlight.batch, GroupCommitException.Reason.OUTCOME_UNKNOWN, null);
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException unexpected) {
            log.error("{}: sweep failed", name, unexpected);
        }
    }

    private GroupCommitException stopped() {
        return new GroupCommitException(GroupCommitException.Reason.STOPPED, name + " is not running; nothing was done", null);
    }

    private enum Admission { ADMITTED, FULL, RETIRED }

    /** One key's waiting requests, whether a writer is on it, and the batch it decides. */
    private final class Lane {
        /** {@link #waiting} of a lane the sweeper took out of service. */
        private static final int RETIRED = Integer.MIN_VALUE;

        final K key;
        final Queue<Pending<R, A>> queue = new ConcurrentLinkedQueue<>();
        /** Admitted and not yet taken from the queue (withdrawn ones included until a writer drops them). */
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();
        volatile InFlight<R, A> inFlight;

        Lane(K key) {
            this.key = key;
        }

        Admission admit(int max) {
            for (; ; ) {
                int now = waiting.get();
                if (now == RETIRED) {
                    return Admission.RETIRED;
                }
                if (now >= max) {
                    return Admission.FULL;
                }
                if (waiting.compareAndSet(now, now + 1)) {
                    return Admission.ADMITTED;
                }
            }
        }

        /** Up to {@code max} waiting requests, oldest first; withdrawn ones are dropped on the way. */
        List<Pending<R, A>> take(int max) {
            List<Pending<R, A>> batch = new ArrayList<>(Math.max(1, Math.min(max, waiting.get())));
            Pending<R, A> pending;
            while (batch.size() < max && (pending = queue.poll()) != null) {
                waiting.decrementAndGet();
                if (pending.take()) {
                    batch.add(pending);
                }
            }
            return batch;
        }

        void withdrawAll(GroupCommitException reason) {
            Pending<R, A> pending;
            while ((pending = queue.poll()) != null) {
                waiting.decrementAndGet();
                if (pending.withdraw()) {
                    pending.fail(reason);
                }
            }
        }

        /**
         * Takes the lane out of service if nothing waits and no writer is on it. A request is counted in
         * {@link #waiting} before it is queued and a writer is only ever scheduled for a queued request, so once the
         * count is swapped from 0 to {@link #RETIRED} no request and no writer can come to this lane again.
         */
        boolean retireIfIdle() {
            return !writing.get() && waiting.compareAndSet(0, RETIRED);
        }

        boolean busy() {
            return writing.get() || !queue.isEmpty();
        }
    }

    /** A batch being decided and when the timekeeper answers for it. */
    private static final class InFlight<R, A> {
        final List<Pending<R, A>> batch;
        final long deadline;

        InFlight(List<Pending<R, A>> batch, long deadline) {
            this.batch = batch;
            this.deadline = deadline;
        }

        boolean allAnswered() {
            for (Pending<R, A> pending : batch) {
                if (!pending.answer.isDone()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One request: waiting, then taken into a batch by a writer or withdrawn by the timekeeper. */
    private static final class Pending<R, A> {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final R request;
        final long arrived;
        final CompletableFuture<A> answer = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Pending(R request, long arrived) {
            this.request = request;
            this.arrived = arrived;
        }

        boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(WAITING, WITHDRAWN);
        }

        boolean fail(RuntimeException failure) {
            return answer.completeExceptionally(failure);
        }
    }
}
