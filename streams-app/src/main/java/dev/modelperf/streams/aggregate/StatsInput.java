package dev.modelperf.streams.aggregate;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.feedback.AttributedFeedback;
import dev.modelperf.streams.feedback.AttributedJudgment;

/** What changes an aggregate: a call, or feedback or a judgment attributed to a call. Exactly one is set. */
public record StatsInput(ModelCall call, AttributedFeedback feedback, AttributedJudgment judgment) {

    public static StatsInput of(ModelCall call) {
        return new StatsInput(call, null, null);
    }

    public static StatsInput of(AttributedFeedback feedback) {
        return new StatsInput(null, feedback, null);
    }

    public static StatsInput of(AttributedJudgment judgment) {
        return new StatsInput(null, null, judgment);
    }
}
