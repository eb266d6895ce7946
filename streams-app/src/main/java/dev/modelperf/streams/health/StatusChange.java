package dev.modelperf.streams.health;

import dev.modelperf.events.HealthStatus;

/**
 * A model moved from one status to another.
 *
 * @param at           when: the call's event time, or the wall-clock time of the expiry check
 * @param endedSince   start of the ejection that this change ends, when {@code from} is ejected
 * @param verdict      the safety valve's answer, when it was asked
 */
public record StatusChange(HealthStatus from, HealthStatus to, long at, Cause cause, Long endedSince,
                           SafetyValve.Verdict verdict) {

    /** Why the status changed. */
    public enum Cause {
        /** Consecutive failures reached the threshold (or a DEGRADED model failed again and the valve had room). */
        FAILURES,
        /** The ejection period ran out. */
        EXPIRED,
        /** A call succeeded while the model was ejected. */
        PROBE_SUCCEEDED
    }
}
