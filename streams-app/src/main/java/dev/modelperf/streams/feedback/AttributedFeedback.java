package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;

/** Feedback joined to its call: the aggregate it counts toward and the window its call fell in. */
public record AttributedFeedback(Feedback feedback, String category, String model, long callTimestampMs) {
}
