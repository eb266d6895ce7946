package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;

/** What the feedback join consumes, keyed by tenant and call id: a call's reference, a feedback or a judgment. Exactly one is set. */
public record JoinInput(CallRef call, Feedback feedback, Judgment judgment) {

    public static JoinInput of(CallRef call) {
        return new JoinInput(call, null, null);
    }

    public static JoinInput of(Feedback feedback) {
        return new JoinInput(null, feedback, null);
    }

    public static JoinInput of(Judgment judgment) {
        return new JoinInput(null, null, judgment);
    }
}
