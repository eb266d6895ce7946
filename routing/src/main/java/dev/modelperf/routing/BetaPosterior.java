package dev.modelperf.routing;

/**
 * A Beta(α, β) belief about a rate in 0–1: α − 1 "successes" and β − 1 "failures" seen, in the
 * uniform prior's terms. Means rank; the spread drives sampling and the intervals shown.
 */
public record BetaPosterior(double alpha, double beta) {

    /** Knowing nothing: every rate equally likely. */
    public static final BetaPosterior UNIFORM = new BetaPosterior(1, 1);

    /** The normal quantile of the 90 % intervals shown in answers. */
    static final double INTERVAL_Z = 1.644854;

    public BetaPosterior {
        if (!(alpha > 0) || !(beta > 0)) {
            throw new IllegalArgumentException("Beta parameters must be positive, got " + alpha + ", " + beta);
        }
    }

    /**
     * The belief about a child of this one (a subcategory): this mean as prior, worth at most
     * {@code strength} observations (never more than this belief itself rests on), updated with the
     * child's own {@code positive} out of {@code n}.
     */
    public BetaPosterior childWith(double strength, double positive, double n) {
        double weight = Math.min(strength, alpha + beta);
        double mean = mean();
        return new BetaPosterior(weight * mean + positive, weight * (1 - mean) + (n - positive));
    }

    /** This belief updated with {@code positive} out of {@code n}. */
    public BetaPosterior with(double positive, double n) {
        return new BetaPosterior(alpha + positive, beta + n - positive);
    }

    public double mean() {
        return alpha / (alpha + beta);
    }

    public double sd() {
        double total = alpha + beta;
        return Math.sqrt(alpha * beta / (total * total * (total + 1)));
    }

    /** The mean less {@code z} standard deviations, within 0–1 (a normal approximation). */
    public double lower(double z) {
        return Math.max(0, mean() - z * sd());
    }

    public double upper(double z) {
        return Math.min(1, mean() + z * sd());
    }
}
