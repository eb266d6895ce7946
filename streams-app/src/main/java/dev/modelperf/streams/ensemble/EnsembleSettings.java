package dev.modelperf.streams.ensemble;

import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.routing.ensemble.EnsembleState;
import java.time.Duration;

/**
 * How ensemble advice is kept and given ({@code ensemble.*} settings).
 *
 * @param retention   how long the day buckets are kept: the longest span advice reads (90 days) plus the day in progress
 * @param lowVariance below which variance of the first answers' scores the panel counts as agreeing; applies to
 *                    comparisons folded from then on, as each comparison's verdict is counted when it arrives
 * @param target      the agreement with the full panel a smaller panel must reach (with confidence) when a request
 *                    names no {@code target}
 */
public record EnsembleSettings(Duration retention, double lowVariance, double target) {

    public static final String RETENTION_KEY = "ensemble.retention";
    public static final String LOW_VARIANCE_KEY = "ensemble.low.variance";
    public static final String TARGET_KEY = "ensemble.target";

    public EnsembleSettings {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(RETENTION_KEY + " must be at least one day (was " + retention + ")");
        }
        if (!(lowVariance > 0 && lowVariance <= EnsembleState.MAX_LOW_VARIANCE)) {
            throw new IllegalArgumentException(LOW_VARIANCE_KEY + " must be within (0, " + EnsembleState.MAX_LOW_VARIANCE + "], was "
                    + lowVariance);
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException(TARGET_KEY + " must be within (0, 1), was " + target);
        }
    }

    public static EnsembleSettings defaults() {
        return new EnsembleSettings(Duration.ofDays(92), EnsembleState.DEFAULT_LOW_VARIANCE, EnsembleAdvisor.DEFAULT_TARGET);
    }
}
