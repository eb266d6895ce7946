package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;

/**
 * What the join emits, exactly one of: feedback attributed to its call's aggregate, feedback whose
 * call never came, a judgment attributed likewise, or a judgment whose call never came.
 */
public record JoinResult(AttributedFeedback attributed, Feedback unmatched, AttributedJudgment judged, Judgment unjudged) {

    public static JoinResult attributed(AttributedFeedback feedback) {
        return new JoinResult(feedback, null, null, null);
    }

    public static JoinResult unmatched(Feedback feedback) {
        return new JoinResult(null, feedback, null, null);
    }

    public static JoinResult attributed(AttributedJudgment judgment) {
        return new JoinResult(null, null, judgment, null);
    }

    public static JoinResult unmatched(Judgment judgment) {
        return new JoinResult(null, null, null, judgment);
    }

    public boolean isAttributed() {
        return attributed != null;
    }

    public boolean isJudged() {
        return judged != null;
    }
}
