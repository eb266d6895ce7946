package dev.modelperf.query;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Keeps a command alive until Ctrl-C, a duration, or the streams app stopping on its own. Open it
 * first in a try-with-resources so it closes last: on Ctrl-C the JVM's shutdown waits (up to a
 * minute) until everything opened after it has closed cleanly.
 */
public final class ProcessLifetime implements AutoCloseable {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopAndWait, "modelperf-shutdown");

    public ProcessLifetime() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stopAndWait() {
        stopRequested.countDown();
        try {
            closed.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Blocks until a stop is requested, {@code seconds} pass (0: no limit) or the streams app leaves
     * its running states; returns the exit code: 0, or 1 when the streams app failed.
     */
    public int await(ModelPerfProcess process, long seconds) throws InterruptedException {
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        while (!stopRequested.await(200, TimeUnit.MILLISECONDS)) {
            KafkaStreams.State state = process.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                System.err.println("The streams app stopped (" + state + "); see the log above.");
                return 1;
            }
            if (System.nanoTime() > deadline) {
                return 0;
            }
        }
        return 0;
    }

    /** Waits up to {@code timeout} for Ctrl-C (or another JVM shutdown); true when it came. */
    public boolean awaitStop(java.time.Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether Ctrl-C (or another JVM shutdown) has been requested. */
    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it was waiting for exactly this close.
        }
    }
}
