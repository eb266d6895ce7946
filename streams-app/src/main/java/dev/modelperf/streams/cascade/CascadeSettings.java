package dev.modelperf.streams.cascade;

import java.time.Duration;

/**
 * How routing outcomes meet their decisions.
 *
 * @param joinHorizon how long after its event time a decision can still receive its outcome
 * @param outcomeHold how long an outcome that came before its decision waits for it
 */
public record CascadeSettings(Duration joinHorizon, Duration outcomeHold) {

    /** The defaults of the {@code routing.*} settings. */
    public static CascadeSettings defaults() {
        return new CascadeSettings(Duration.ofDays(7), Duration.ofMinutes(10));
    }
}
