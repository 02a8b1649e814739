package dev.flashsale.messaging.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When the relay's two Debezium threads look for work. Debezium looks every {@code poll.interval.ms}
 * whether or not anything happened (and its engine thread spins for the last millisecond of every look),
 * which costs a tenth of a core per service at rest; a longer interval would make every message wait
 * longer. The pacer looks often while records flow ({@code busyWait}) and seldom after a quiet spell
 * ({@code idleWait}), and a commit in this JVM ({@link #walChanged}) or records reaching Debezium's queue
 * ({@link #recordsQueued}) end a wait at once. Only a commit that this JVM cannot see (another instance of
 * the service, which cannot wake the leader) waits for the end of a wait.
 *
 * <p>While records flow, each look in a row that finds nothing doubles the next wait, up to
 * {@code longestBusyWait}; a look that finds records, or a commit in this JVM, starts again from {@code busyWait}.
 * A look costs a read with a timeout on the replication connection and an exception, and with a commit every few
 * milliseconds (each waking the relay anyway) most looks at a constant 1 ms found nothing: that was the relay's
 * largest cost per order (docs/benchmarks.md). Records written without a wake-up (another instance's commits) still
 * find a thread that looks every {@code busyWait} while they keep coming.
 *
 * <p>Each thread parks on its own permit ({@link LockSupport}): a wake-up that comes while the thread is
 * not waiting is kept for its next wait, so none is lost, and a commit costs an unpark, no lock.
 */
public final class RelayPacer {

    /** The engine property naming the pacer of an engine; {@link PacedPostgresConnectorTask} finds it with it. */
    static final String CONFIG_KEY = "flashsale.relay.pacer";
    private static final Map<String, RelayPacer> PACERS = new ConcurrentHashMap<>();

    private final String id;
    private final long busyWaitNanos;
    private final long longestBusyWaitNanos;
    private final long idleWaitNanos;
    private final long quietAfterNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile Thread streamingThread;
    private volatile Thread pollingThread;
    private volatile boolean streamingPaced;
    private volatile boolean pollingPaced;
    private final EmptyLooks streamingEmptyLooks = new EmptyLooks();
    private final EmptyLooks pollingEmptyLooks = new EmptyLooks();
    private final LongAdder streamingWaits = new LongAdder();
    private final LongAdder pollingWaits = new LongAdder();

    /**
     * @param busyWait        how long a thread waits while records flow, after a look that found some
     * @param longestBusyWait the longest it waits while records flow, after looks in a row that found nothing
     * @param idleWait        how long it waits once nothing flowed for {@code quietAfter}
     */
    public RelayPacer(String id, Duration busyWait, Duration longestBusyWait, Duration idleWait, Duration quietAfter) {
        this.id = id;
        this.busyWaitNanos = Math.max(1, busyWait.toNanos());
        this.idleWaitNanos = Math.max(busyWaitNanos, idleWait.toNanos());
        this.longestBusyWaitNanos = Math.min(idleWaitNanos, Math.max(busyWaitNanos, longestBusyWait.toNanos()));
        this.quietAfterNanos = quietAfter.toNanos();
    }

    /** Lets an engine configured with {@link #CONFIG_KEY} = {@link #id()} find this pacer. */
    public void register() {
        PACERS.put(id, this);
    }

    static RelayPacer find(String id) {
        return id == null ? null : PACERS.get(id);
    }

    /** Forgets this pacer; an engine started afterwards runs unpaced. */
    public void unregister() {
        PACERS.remove(id, this);
        wakeAll();
    }

    public String id() {
        return id;
    }

    /** Something was committed to the outbox: the WAL may hold changes now. Called after every commit. */
    public void walChanged() {
        lastActivity = System.nanoTime();
        streamingEmptyLooks.reset();
        unpark(streamingThread);
    }

    /** Debezium's queue holds records: the engine thread should take them. */
    void recordsQueued() {
        pollingEmptyLooks.reset();
        unpark(pollingThread);
    }

    /** The engine thread took {@code count} records from the queue. */
    void recordsPolled(int count) {
        if (count > 0) {
            lastActivity = System.nanoTime();
            pollingEmptyLooks.reset();
        }
    }

    /** Wakes both threads, e.g. when the engine stops. */
    void wakeAll() {
        unpark(streamingThread);
        unpark(pollingThread);
    }

    /**
     * The streaming thread has nothing more to read: waits for a commit or the time to look again.
     * {@code foundRecords}: whether it read records since its last wait (they wait in Debezium's queue).
     */
    void awaitWal(boolean foundRecords) {
        streamingThread = Thread.currentThread();
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        long wait = streamingWait(foundRecords);
        streamingWaits.increment();
        LockSupport.parkNanos(this, wait);
    }

    /** The next wait of the streaming thread, and one more empty look counted unless it found records. */
    long streamingWait(boolean foundRecords) {
        return currentWait(streamingEmptyLooks.next(foundRecords));
    }

    /** The engine thread waits until {@code queued} holds, a wake-up comes, or the time to look again. */
    void awaitRecords(BooleanSupplier queued) throws InterruptedException {
        pollingThread = Thread.currentThread();
        if (queued.getAsBoolean()) {
            return;
        }
        long wait = currentWait(pollingEmptyLooks.next(false));
        pollingWaits.increment();
        LockSupport.parkNanos(this, wait);
        if (Thread.interrupted()) {
            throw new InterruptedException("the relay's engine thread was interrupted while waiting for records");
        }
    }

    private long currentWait(int emptyLooks) {
        if (System.nanoTime() - lastActivity >= quietAfterNanos) {
            return idleWaitNanos;
        }
        long doubled = busyWaitNanos << emptyLooks;
        return doubled <= 0 ? longestBusyWaitNanos : Math.min(doubled, longestBusyWaitNanos);
    }

    /**
     * One thread's looks in a row that found nothing, which double its next wait. Written by that thread, and set
     * back to none by a wake-up from another: a reset that races with a look only makes one wait longer, and the
     * wake-up's unpark ends that wait anyway.
     */
    private static final class EmptyLooks {

        /** Enough doublings to pass any longest wait; the shift stays far from overflowing a long. */
        private static final int MOST = 30;
        private volatile int count;

        /** The empty looks so far (none when {@code found}), counting one more for the look about to wait. */
        int next(boolean found) {
            int sofar = found ? 0 : count;
            count = Math.min(sofar + 1, MOST);
            return sofar;
        }

        void reset() {
            count = 0;
        }
    }

    void streamingPaced(boolean paced) {
        streamingPaced = paced;
    }

    void pollingPaced(boolean paced) {
        pollingPaced = paced;
    }

    /** Whether both of Debezium's threads wait through this pacer (false: Debezium's own constant polling). */
    public boolean isActive() {
        return streamingPaced && pollingPaced;
    }

    /** How often the streaming thread waited; a test and an operator see from it how often it looks at rest. */
    public long streamingWaits() {
        return streamingWaits.sum();
    }

    /** How often the engine thread waited. */
    public long pollingWaits() {
        return pollingWaits.sum();
    }

    private static void unpark(Thread thread) {
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
