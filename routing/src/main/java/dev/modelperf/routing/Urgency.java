package dev.modelperf.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the request at hand can afford to fail or wait. {@code fast} judges speed by p95 latency
 * and doubles its weight; {@code critical} takes the success rate at the low end of what the
 * calls allow (99 % one-sided) instead of its mean, so a short lucky record never wins a request
 * that must not fail, and explores nothing on it.
 */
public enum Urgency {
    FAST,
    NORMAL,
    CRITICAL;

    /** The normal quantile of the success rate a critical request is judged by. */
    static final double CRITICAL_Z = 2.326348;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Priority.Weights adjust(Priority.Weights weights) {
        return this == FAST ? weights.boostSpeed() : weights;
    }

    /** The latency a model is judged by: its tail when speed is urgent, else midway between median and tail. */
    public Double latencyMs(ModelFigures figures) {
        if (figures.latencyP95Ms() == null) {
            return null;
        }
        return this == FAST ? figures.latencyP95Ms() : (figures.latencyP50Ms() + figures.latencyP95Ms()) / 2;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Urgency::label).toList();
    }

    public static Urgency of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
