package dev.modelperf.query.rankings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the request at hand can afford to fail or wait. {@code fast} judges speed by p95 latency
 * and doubles its weight; {@code critical} doubles the weight of reliability and estimates it at
 * 99 % rather than 95 % confidence, so only a long record of successes ranks high.
 */
public enum Urgency {
    FAST(1.959964),
    NORMAL(1.959964),
    CRITICAL(2.575829);

    private final double z;

    Urgency(double z) {
        this.z = z;
    }

    /** The normal quantile of the success-rate lower bound. */
    public double z() {
        return z;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Priority.Weights adjust(Priority.Weights weights) {
        return switch (this) {
            case FAST -> weights.boostSpeed();
            case CRITICAL -> weights.boostReliability();
            case NORMAL -> weights;
        };
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
