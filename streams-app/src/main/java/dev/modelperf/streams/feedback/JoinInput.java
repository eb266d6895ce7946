package dev.modelperf.streams.feedback;

import dev.modelperf.events.Feedback;

/** What the feedback join consumes, keyed by tenant and call id: a call's reference, or a feedback. */
public record JoinInput(CallRef call, Feedback feedback) {

    public static JoinInput of(CallRef call) {
        return new JoinInput(call, null);
    }

    public static JoinInput of(Feedback feedback) {
        return new JoinInput(null, feedback);
    }
}
