package dev.modelperf.streams.alert;

/**
 * A figure a rule watches, read from the aggregate {@code S} of a span of 1-minute windows: call
 * statistics ({@link CallSignal}) or routing-cascade figures ({@link RoutingSignal}). Rules name
 * signals, not code, so the rule format is the same for both.
 */
public interface Signal<S> {

    /** The name rules use, e.g. {@code success-rate}. */
    String id();

    /** The figure over {@code stats}; meaningful only when {@link #samples} is positive. */
    double value(S stats);

    /** How many observations the figure rests on (calls, rated calls...), for the minimum sample size. */
    long samples(S stats);

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
