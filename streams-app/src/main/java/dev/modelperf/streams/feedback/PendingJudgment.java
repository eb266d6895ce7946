package dev.modelperf.streams.feedback;

import dev.modelperf.events.Judgment;

/** A judgment that arrived before its call, held for a bounded time, with where it came from for the DLQ. */
public record PendingJudgment(Judgment judgment, long arrivedAtMs, String sourceTopic, int sourcePartition, long sourceOffset) {
}
