package dev.modelperf.query.ingest;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes validated events to their topics; the future completes once the broker has acknowledged every one. */
public interface EventPublisher extends AutoCloseable {

    /** Completes when every call is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishCalls(List<ModelCall> calls);

    /** Completes when every feedback event is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishFeedback(List<Feedback> feedback);

    /** Completes when every routing decision is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishRoutingDecisions(List<RoutingDecision> decisions);

    /** Completes when every routing outcome is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishRoutingOutcomes(List<RoutingOutcome> outcomes);

    /** Completes when every comparison is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishComparisons(List<Comparison> comparisons);

    /** Completes when every judgment is acknowledged; exceptionally (after all have settled) when any failed. */
    CompletableFuture<Void> publishJudgments(List<Judgment> judgments);

    @Override
    void close();
}
