package dev.modelperf.toolbox.load;

import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Sends {@link SyntheticTraffic} through a {@link ModelPerfClient}: N calls at a target rate (or
 * as fast as the client takes them), with feedback for a share of them, event times either "now"
 * or spread evenly over a recent span (a backfill). Every send's future is checked, so the summary's
 * delivered and failed counts are the broker's word, not a guess. Used by {@code modelperf load}
 * and by the demo.
 */
public final class LoadGenerator {

    /** What to send: {@code calls} calls at {@code ratePerSecond} (0: no limit), event times spread over the last {@code spread}. */
    public record Plan(long calls, double ratePerSecond, Duration spread) {
        public Plan {
            if (calls < 0 || ratePerSecond < 0 || spread.isNegative()) {
                throw new IllegalArgumentException("calls, rate and spread must be >= 0");
            }
        }
    }

    /** Hears how far a run has got, a few times a second and once at the end. */
    @FunctionalInterface
    public interface Progress {
        void update(long callsSent, long callsPlanned, double callsPerSecond, Duration elapsed);
    }

    private final ModelPerfClient client;
    private final SyntheticTraffic traffic;
    private final Clock clock;

    public LoadGenerator(ModelPerfClient client, SyntheticTraffic traffic, Clock clock) {
        this.client = client;
        this.traffic = traffic;
        this.clock = clock;
    }

    /**
     * Sends the plan, then waits until every event is acknowledged or has failed; {@code stop}
     * ends the run early (Ctrl-C). Returns what was sent and what became of it.
     */
    public LoadSummary run(Plan plan, Progress progress, BooleanSupplier stop) {
        Map<String, LoadSummary.ModelTally> byModel = new TreeMap<>();
        Tally calls = new Tally();
        Tally feedback = new Tally();
        long feedbackSent = 0;
        long started = System.nanoTime();
        long nanosPerCall = plan.ratePerSecond() > 0 ? Math.round(1e9 / plan.ratePerSecond()) : 0;
        Instant spreadStart = clock.instant().minus(plan.spread());
        long spreadMs = plan.spread().toMillis();
        long nextReport = started;
        long sent = 0;
        for (; sent < plan.calls() && !stop.getAsBoolean(); sent++) {
            if (nanosPerCall > 0) {
                long ahead = started + sent * nanosPerCall - System.nanoTime();
                if (ahead > TimeUnit.MILLISECONDS.toNanos(1)) {
                    LockSupport.parkNanos(ahead);
                }
            }
            Instant at = spreadMs > 0 ? spreadStart.plusMillis(spreadMs * sent / plan.calls()) : clock.instant();
            ModelCall call = traffic.next(at);
            Optional<Feedback> judgement = traffic.feedbackFor(call);
            byModel.computeIfAbsent(call.getModel(), model -> new LoadSummary.ModelTally())
                    .count(call.getStatus() == CallStatus.OK, traffic.outageAt(call.getModel(), at).isPresent());
            client.record(call).whenComplete(calls::settle);
            if (judgement.isPresent()) {
                client.feedback(judgement.get()).whenComplete(feedback::settle);
                feedbackSent++;
            }
            if ((sent & 255) == 0 && System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                report(progress, sent, plan.calls(), started);
            }
        }
        client.flush();
        report(progress, sent, plan.calls(), started);
        return new LoadSummary(sent, feedbackSent, calls.delivered.get(), calls.failed.get(), feedback.delivered.get(),
                feedback.failed.get(), calls.firstFailure.get() != null ? calls.firstFailure.get() : feedback.firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started), byModel);
    }

    private static void report(Progress progress, long sent, long planned, long started) {
        long elapsed = System.nanoTime() - started;
        progress.update(sent, planned, elapsed == 0 ? 0 : sent * 1e9 / elapsed, Duration.ofNanos(elapsed));
    }

    /** Outcomes of one event type's sends, counted from their futures. */
    private static final class Tally {
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

        void settle(Object metadata, Throwable error) {
            if (error == null) {
                delivered.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        }
    }
}
