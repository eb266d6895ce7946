package dev.modelperf.streams.limit;

import dev.modelperf.streams.feedback.AttributedFeedback;

/** Attributed feedback after the names check: to be counted, or refused with the reason. */
record FeedbackVerdict(AttributedFeedback feedback, String refusal) {

    boolean admitted() {
        return refusal == null;
    }
}
