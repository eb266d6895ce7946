package dev.modelperf.toolbox.load;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Sends {@link DebateTraffic} through a {@link ModelPerfClient}: per debate the call behind each
 * answer, the comparison, and the judgments of some of those calls. Pacing and spreading work as in
 * {@link LoadGenerator}, counting comparisons. A judgment's event time is its debate's plus the
 * judge's delay, but never later than now: nobody reports a verdict not given yet. Used by
 * {@code modelperf load --comparisons} and by the demo.
 */
public final class ComparisonLoadGenerator {

    /** What a run sent, what the broker acknowledged, and the pairwise results inside the comparisons sent. */
    public record Summary(long comparisons, long calls, long judgments, long comparisonsDelivered, long callsDelivered,
                          long judgmentsDelivered, long failed, Throwable firstFailure, Duration elapsed, PairwiseTally tally) {

        public double comparisonsPerSecond() {
            return elapsed.isZero() ? 0 : comparisons * 1e9 / elapsed.toNanos();
        }
    }

    private final ModelPerfClient client;
    private final DebateTraffic traffic;
    private final Clock clock;

    public ComparisonLoadGenerator(ModelPerfClient client, DebateTraffic traffic, Clock clock) {
        this.client = client;
        this.traffic = traffic;
        this.clock = clock;
    }

    /** Sends {@code plan.calls()} debates, then waits until every event is acknowledged or has failed; {@code stop} ends early. */
    public Summary run(LoadGenerator.Plan plan, LoadGenerator.Progress progress, BooleanSupplier stop) {
        PairwiseTally tally = new PairwiseTally();
        Settled comparisons = new Settled();
        Settled calls = new Settled();
        Settled judgments = new Settled();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        BiConsumer<Object, Throwable> settleComparison = comparisons.settler(firstFailure);
        BiConsumer<Object, Throwable> settleCall = calls.settler(firstFailure);
        BiConsumer<Object, Throwable> settleJudgment = judgments.settler(firstFailure);
        long callsSent = 0;
        long judgmentsSent = 0;
        long started = System.nanoTime();
        long nanosPerDebate = plan.ratePerSecond() > 0 ? Math.round(1e9 / plan.ratePerSecond()) : 0;
        Instant spreadStart = clock.instant().minus(plan.spread());
        long spreadMs = plan.spread().toMillis();
        long nextReport = started;
        long sent = 0;
        for (; sent < plan.calls() && !stop.getAsBoolean(); sent++) {
            if (nanosPerDebate > 0) {
                long ahead = started + sent * nanosPerDebate - System.nanoTime();
                if (ahead > TimeUnit.MILLISECONDS.toNanos(1)) {
                    LockSupport.parkNanos(ahead);
                }
            }
            Instant at = spreadMs > 0 ? spreadStart.plusMillis(spreadMs * sent / plan.calls()) : clock.instant();
            DebateTraffic.Debate debate = traffic.next(at);
            tally.count(debate.comparison());
            for (ModelCall call : debate.calls()) {
                client.record(call).whenComplete(settleCall);
                callsSent++;
            }
            client.recordComparison(debate.comparison()).whenComplete(settleComparison);
            for (Judgment judgment : debate.judgments()) {
                Instant now = clock.instant();
                Judgment given = judgment.getTimestamp().isAfter(now) ? Judgment.newBuilder(judgment).setTimestamp(now).build() : judgment;
                client.recordJudgment(given).whenComplete(settleJudgment);
                judgmentsSent++;
            }
            if ((sent & 63) == 0 && System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                report(progress, sent, plan.calls(), started);
            }
        }
        client.flush();
        report(progress, sent, plan.calls(), started);
        return new Summary(sent, callsSent, judgmentsSent, comparisons.delivered.get(), calls.delivered.get(), judgments.delivered.get(),
                comparisons.failed.get() + calls.failed.get() + judgments.failed.get(), firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started), tally);
    }

    private static void report(LoadGenerator.Progress progress, long sent, long planned, long started) {
        long elapsed = System.nanoTime() - started;
        progress.update(sent, planned, elapsed == 0 ? 0 : sent * 1e9 / elapsed, Duration.ofNanos(elapsed));
    }

    /** Outcomes of one event type's sends, counted from their futures. */
    private static final class Settled {
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();

        BiConsumer<Object, Throwable> settler(AtomicReference<Throwable> firstFailure) {
            return (metadata, error) -> {
                if (error == null) {
                    delivered.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error);
                }
            };
        }
    }
}
