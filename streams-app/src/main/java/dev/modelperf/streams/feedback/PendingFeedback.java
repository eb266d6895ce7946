package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;

/** Feedback that arrived before its call, held for a bounded time, with where it came from for the DLQ. */
public record PendingFeedback(Feedback feedback, long arrivedAtMs, String sourceTopic, int sourcePartition, long sourceOffset) {
}
