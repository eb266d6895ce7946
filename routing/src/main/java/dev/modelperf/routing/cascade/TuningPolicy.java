package dev.modelperf.routing.cascade;

/**
 * What a layer's threshold is tuned for: the accuracy its accepted routes must reach, how many
 * judged proposals the layer needs before any change is proposed, and how sure the analysis must
 * be ({@code z}, the normal quantile of the one-sided Wilson bounds it compares with the target).
 */
public record TuningPolicy(double accuracyTarget, long minSample, double z) {

    /** The cascade's overall accuracy goal, 200 judged proposals, and one-sided 95 % confidence. */
    public static final TuningPolicy DEFAULT = new TuningPolicy(0.95, 200, WilsonInterval.Z_95_ONE_SIDED);

    public TuningPolicy {
        if (!(accuracyTarget > 0 && accuracyTarget < 1)) {
            throw new IllegalArgumentException("accuracyTarget must be within (0, 1), was " + accuracyTarget);
        }
        if (minSample < 1) {
            throw new IllegalArgumentException("minSample must be at least 1, was " + minSample);
        }
        if (!(z >= 0)) {
            throw new IllegalArgumentException("z must be >= 0, was " + z);
        }
    }

    public TuningPolicy withAccuracyTarget(double target) {
        return new TuningPolicy(target, minSample, z);
    }

    public TuningPolicy withMinSample(long sample) {
        return new TuningPolicy(accuracyTarget, sample, z);
    }
}
