package dev.modelperf.query.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tries a cluster read again while it fails with {@link RetryableException} (a rebalance, an
 * instance starting), until {@code query.retry.deadline}; then the last failure stands and is
 * answered 503 with Retry-After.
 */
public final class Retries {

    private static final long FIRST_BACKOFF_MS = 25;
    private static final long LONGEST_BACKOFF_MS = 400;

    private final Duration deadline;

    public Retries(Duration deadline) {
        this.deadline = deadline;
    }

    /** Runs {@code attempt} until it answers or the deadline passes, waiting longer after each failure without holding a thread. */
    public <T> CompletableFuture<T> untilDeadline(Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(attempt, System.nanoTime() + deadline.toNanos(), FIRST_BACKOFF_MS, result);
        return result;
    }

    private <T> void run(Supplier<CompletableFuture<T>> attempt, long deadlineNanos, long backoffMs, CompletableFuture<T> result) {
        CompletableFuture<T> tried;
        try {
            tried = attempt.get();
        } catch (RuntimeException e) {
            tried = CompletableFuture.failedFuture(e);
        }
        tried.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof RetryableException && System.nanoTime() + backoffMs * 1_000_000 < deadlineNanos) {
                CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS)
                        .execute(() -> run(attempt, deadlineNanos, Math.min(backoffMs * 2, LONGEST_BACKOFF_MS), result));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
