package dev.modelperf.streams.alert;

import dev.modelperf.streams.stores.CallStats;

/**
 * A figure a rule watches, read from the aggregate of a span of 1-minute windows. Rules name
 * signals, not code, so signals over other aggregates (routing accuracy, clarification rate) can
 * join without changing the rule format.
 */
public interface Signal {

    /** The name rules use, e.g. {@code success-rate}. */
    String id();

    /** The figure over {@code stats}; meaningful only when {@link #samples} is positive. */
    double value(CallStats stats);

    /** How many observations the figure rests on (calls, rated calls...), for the minimum sample size. */
    long samples(CallStats stats);

    /** What the samples are called in a summary: "calls", "ratings". */
    String samplesNoun();

    /** Whether a higher value is the bad direction; an anomaly fires in that direction only. */
    boolean higherIsWorse();

    /** Smallest and largest meaningful threshold. */
    double min();

    double max();

    /** The value as a person reads it: {@code 35.0 %}, {@code 1,240 ms}, {@code $0.0123}. */
    String format(double value);
}
