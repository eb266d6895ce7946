package dev.modelperf.streams.feedback;

import java.time.Duration;

/**
 * How feedback meets its call.
 *
 * @param callIndexRetention how long a call can still receive feedback
 * @param hold               how long feedback that came before its call waits for it
 */
public record FeedbackSettings(Duration callIndexRetention, Duration hold) {

    /** The defaults of the {@code feedback.*} settings. */
    public static FeedbackSettings defaults() {
        return new FeedbackSettings(Duration.ofDays(7), Duration.ofMinutes(10));
    }
}
