package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;

/** What the join emits: feedback attributed to its call's aggregate, or feedback whose call never came. */
public record JoinResult(AttributedFeedback attributed, Feedback unmatched) {

    public static JoinResult attributed(AttributedFeedback feedback) {
        return new JoinResult(feedback, null);
    }

    public static JoinResult unmatched(Feedback feedback) {
        return new JoinResult(null, feedback);
    }

    public boolean isAttributed() {
        return attributed != null;
    }
}
