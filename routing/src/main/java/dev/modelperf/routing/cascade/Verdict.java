package dev.modelperf.routing.cascade;

/** Whether a layer's proposed target turned out right, as far as the task's outcome tells. */
public enum Verdict {
    CORRECT,
    WRONG,
    /** No outcome yet, or an outcome that does not say whether this proposal was right. */
    UNKNOWN
}
