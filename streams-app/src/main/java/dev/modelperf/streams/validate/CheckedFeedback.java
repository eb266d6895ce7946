package dev.modelperf.streams.validate;

import dev.modelperf.events.Feedback;

/** A consumed feedback after validation: the decoded feedback, or its original bytes with the reason they were refused. */
public record CheckedFeedback(Feedback feedback, byte[] raw, String rejection) {

    public static CheckedFeedback accepted(Feedback feedback) {
        return new CheckedFeedback(feedback, null, null);
    }

    public static CheckedFeedback rejected(byte[] raw, String reason) {
        return new CheckedFeedback(null, raw, reason);
    }

    public boolean isAccepted() {
        return rejection == null;
    }
}
