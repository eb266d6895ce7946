package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleState;
import java.time.Duration;

/**
 * How ensemble advice is kept.
 *
 * @param retention   how long the day buckets are kept: the longest span advice reads (90 days) plus the day in progress
 * @param lowVariance below which variance of the first answers' scores the panel counts as agreeing
 */
public record EnsembleSettings(Duration retention, double lowVariance) {

    public EnsembleSettings {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("ensemble retention must be at least one day (was " + retention + ")");
        }
        EnsembleState.requireLowVariance(lowVariance);
    }

    public static EnsembleSettings defaults() {
        return new EnsembleSettings(Duration.ofDays(92), EnsembleState.DEFAULT_LOW_VARIANCE);
    }
}
