package dev.modelperf.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between callers and the dispatcher thread. Callers only take a lock for an
 * array-deque operation; when the buffer is full the {@link OverflowPolicy} decides which event
 * gives way, and the offer reports it so that the caller fails its future outside the lock.
 * Entries leave only at the head, so "every event offered before a flush request has left" is a
 * comparison of two counters.
 *
 * <p>Waking a parked thread is a system call that would cost a caller more than the rest of
 * {@code record()} together, so callers do not wake the dispatcher for each event: while traffic
 * flows the dispatcher polls every {@value #POLL_MILLIS} ms (well inside the producer's own
 * {@code linger.ms}), and only after {@value #IDLE_POLLS} empty polls does it sleep until the
 * next event wakes it.
 */
final class EventBuffer {

    /** An event that could not be kept, and why. */
    record Rejected(PendingEvent event, DropReason reason) {
    }

    /** What the dispatcher takes in one go: events to send, then flush requests they complete. */
    record Batch(List<PendingEvent> events, List<CompletableFuture<Void>> flushes, boolean finished) {
    }

    private record FlushRequest(long upTo, CompletableFuture<Void> done) {
    }

    static final long POLL_MILLIS = 2;
    static final int IDLE_POLLS = 500;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<PendingEvent> events;
    private final List<FlushRequest> flushes = new ArrayList<>();
    private final int capacity;
    private final OverflowPolicy policy;
    private final long maxBlockNanos;
    private long added;
    private long removed;
    private boolean closed;
    private boolean dispatcherAsleep;

    EventBuffer(int capacity, OverflowPolicy policy, long maxBlockNanos) {
        this.capacity = capacity;
        this.policy = policy;
        this.maxBlockNanos = maxBlockNanos;
        this.events = new ArrayDeque<>(Math.min(capacity, 1 << 16));
    }

    /** Adds {@code event}; returns the event that had to go instead (possibly this one), or null. */
    Rejected offer(PendingEvent event) {
        lock.lock();
        try {
            if (closed) {
                return new Rejected(event, DropReason.CLOSED);
            }
            Rejected rejected = null;
            if (events.size() >= capacity) {
                switch (policy) {
                    case DROP_OLDEST -> {
                        rejected = new Rejected(events.pollFirst(), DropReason.BUFFER_FULL);
                        removed++;
                    }
                    case DROP_NEWEST -> {
                        return new Rejected(event, DropReason.BUFFER_FULL);
                    }
                    case BLOCK -> {
                        Rejected refused = awaitRoom(event);
                        if (refused != null) {
                            return refused;
                        }
                    }
                }
            }
            events.addLast(event);
            added++;
            if (dispatcherAsleep) {
                notEmpty.signal();
            }
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    private Rejected awaitRoom(PendingEvent event) {
        long remaining = maxBlockNanos;
        try {
            while (events.size() >= capacity && !closed) {
                if (remaining <= 0) {
                    return new Rejected(event, DropReason.BUFFER_FULL);
                }
                remaining = notFull.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Rejected(event, DropReason.BUFFER_FULL);
        }
        return closed ? new Rejected(event, DropReason.CLOSED) : null;
    }

    /** Completes {@code done} once every event offered before this call has been sent (or dropped). */
    void requestFlush(CompletableFuture<Void> done) {
        lock.lock();
        try {
            if (closed && events.isEmpty()) {
                // Closing: the dispatcher may be gone, and close() itself sends or fails what was taken.
                done.complete(null);
                return;
            }
            flushes.add(new FlushRequest(added, done));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for work and takes up to {@code max} events with the flush requests that are complete
     * once those are sent; {@code finished} when the buffer is closed and nothing is left.
     */
    Batch take(int max) throws InterruptedException {
        lock.lock();
        try {
            int emptyPolls = 0;
            while (events.isEmpty() && flushes.isEmpty() && !closed) {
                if (emptyPolls++ < IDLE_POLLS) {
                    notEmpty.awaitNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                } else {
                    dispatcherAsleep = true;
                    try {
                        notEmpty.await();
                    } finally {
                        dispatcherAsleep = false;
                    }
                }
            }
            List<PendingEvent> taken = new ArrayList<>(Math.min(max, events.size()));
            while (taken.size() < max && !events.isEmpty()) {
                taken.add(events.pollFirst());
            }
            removed += taken.size();
            if (!taken.isEmpty()) {
                notFull.signalAll();
            }
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            flushes.removeIf(flush -> {
                if (flush.upTo() <= removed) {
                    ready.add(flush.done());
                    return true;
                }
                return false;
            });
            return new Batch(taken, ready, closed && events.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further events and wakes the dispatcher and any blocked caller. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the buffer, returning what was in it: for a close whose timeout has passed. */
    List<PendingEvent> abandon() {
        lock.lock();
        try {
            List<PendingEvent> left = new ArrayList<>(events);
            removed += events.size();
            events.clear();
            flushes.forEach(flush -> flush.done().complete(null));
            flushes.clear();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }
}
