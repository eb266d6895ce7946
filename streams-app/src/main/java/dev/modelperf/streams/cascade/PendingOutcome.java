package dev.modelperf.streams.cascade;

import dev.modelperf.events.RoutingOutcome;

/** An outcome that arrived before its decision, held for a bounded time, with where it came from for the DLQ. */
public record PendingOutcome(RoutingOutcome outcome, long arrivedAtMs, String sourceTopic, int sourcePartition, long sourceOffset) {
}
