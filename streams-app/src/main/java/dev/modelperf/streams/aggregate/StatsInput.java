package dev.modelperf.streams.aggregate;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.feedback.AttributedFeedback;

/** What changes an aggregate: a call, or feedback attributed to a call. Exactly one is set. */
public record StatsInput(ModelCall call, AttributedFeedback feedback) {

    public static StatsInput of(ModelCall call) {
        return new StatsInput(call, null);
    }

    public static StatsInput of(AttributedFeedback feedback) {
        return new StatsInput(null, feedback);
    }
}
