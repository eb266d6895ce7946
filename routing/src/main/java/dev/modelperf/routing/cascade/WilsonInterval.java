package dev.modelperf.routing.cascade;

/**
 * Where a rate of {@code successes} out of {@code n} plausibly lies: the Wilson score interval,
 * which unlike mean ± z·sd stays within 0–1 and keeps its coverage for small n and rates near 1,
 * the region accuracy targets live in. With {@code z = 1.645} each bound holds on its own with
 * 95 % confidence (together a 90 % interval). No observations give the whole of 0–1.
 */
public record WilsonInterval(double lower, double upper) {

    /** One-sided 95 %: the normal quantile the threshold analysis uses unless told otherwise. */
    public static final double Z_95_ONE_SIDED = 1.6448536269514722;

    public static WilsonInterval of(long successes, long n, double z) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes must be within 0.." + n + ", was " + successes);
        }
        if (n == 0) {
            return new WilsonInterval(0, 1);
        }
        double p = successes / (double) n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
