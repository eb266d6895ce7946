package dev.modelperf.streams.feedback;

import dev.modelperf.events.Judgment;

/** A judgment joined to its call: the aggregate it counts toward and the window its call fell in. */
public record AttributedJudgment(Judgment judgment, String category, String model, long callTimestampMs) {
}
