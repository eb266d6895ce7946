package dev.modelperf.query.rankings;

/**
 * Scores a model from its figures, 0–100, as the weighted sum of four parts. Rates are Wilson
 * lower bounds, so a short lucky run (3 of 3) never beats a long good one (980 of 1,000).
 * Reliability scores the success-rate bound from {@value #RELIABILITY_FLOOR} (0) to 1 (100): each
 * point of failures costs five, because a model failing 8 % of calls is unusable, not "92 % good". Speed
 * comes from latency percentiles on a log scale (10 ms scores 100, 100 ms 67, 1 s 33, 10 s 0);
 * cost is the cost of a successful call on a log scale ($0.00001 scores 100, $1 scores 0). A part
 * with no data (no feedback yet, no price) scores a neutral 50 rather than punishing the model.
 */
public final class Scoring {

    /** The part score of a figure nobody reported. */
    public static final double NEUTRAL = 50;
    /** The success-rate bound that scores no reliability at all. */
    public static final double RELIABILITY_FLOOR = 0.8;

    private final int minSamples;

    public Scoring(int minSamples) {
        this.minSamples = minSamples;
    }

    public int minSamples() {
        return minSamples;
    }

    public Score score(ModelFigures figures, Priority priority, Urgency urgency) {
        Priority.Weights weights = urgency.adjust(priority.weights());
        double reliabilityBound = wilsonLowerBound(figures.successes(), figures.calls(), urgency.z());
        Double satisfactionBound = figures.votes() == 0 ? null
                : wilsonLowerBound(figures.positiveVotes(), figures.votes(), Urgency.NORMAL.z());
        Double latency = urgency.latencyMs(figures);
        ScoreParts parts = new ScoreParts(
                reliabilityScore(reliabilityBound),
                satisfactionBound == null ? NEUTRAL : 100 * satisfactionBound,
                latency == null ? NEUTRAL : speedScore(latency),
                figures.costPerSuccessUsd() == null ? NEUTRAL : costScore(figures.costPerSuccessUsd()),
                reliabilityBound, satisfactionBound, latency, figures.costPerSuccessUsd());
        double value = weights.reliability() * parts.reliability() + weights.satisfaction() * parts.satisfaction()
                + weights.speed() * parts.speed() + weights.cost() * parts.cost();
        return new Score(round(value), parts, confidence(figures, reliabilityBound), figures.calls() >= minSamples);
    }

    /**
     * How far the score can be trusted, 0–1: half from the sample size (n / (n + 30): 0.14 at the
     * minimum of 5 calls, 0.77 at 100, 0.97 at 1,000), 30 % from the reliability bound, 20 % from
     * how much feedback backs the satisfaction part (v / (v + 10)).
     */
    static double confidence(ModelFigures figures, double reliabilityBound) {
        double sample = figures.calls() / (figures.calls() + 30.0);
        double feedback = figures.votes() / (figures.votes() + 10.0);
        return Math.round((0.5 * sample + 0.3 * reliabilityBound + 0.2 * feedback) * 1000) / 1000.0;
    }

    /** The lower end of the Wilson score interval of {@code positive} out of {@code n}, at normal quantile {@code z}. */
    public static double wilsonLowerBound(double positive, double n, double z) {
        if (n <= 0) {
            return 0;
        }
        double p = positive / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, (centre - margin) / (1 + z2 / n));
    }

    static double reliabilityScore(double successRateBound) {
        return clamp(100 * (successRateBound - RELIABILITY_FLOOR) / (1 - RELIABILITY_FLOOR));
    }

    static double speedScore(double latencyMs) {
        return clamp(100 * (1 - Math.log10(Math.max(latencyMs, 10) / 10) / 3));
    }

    static double costScore(double usdPerSuccess) {
        return clamp(100 * (1 - Math.log10(Math.max(usdPerSuccess, 1e-5) / 1e-5) / 5));
    }

    private static double clamp(double score) {
        return Math.max(0, Math.min(100, score));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A model's score and why. */
    public record Score(double value, ScoreParts parts, double confidence, boolean enoughData) {
    }

    /**
     * The four parts, 0–100, and the figures they came from: success-rate and satisfaction lower
     * bounds (0–1; satisfaction null without feedback), the latency judged (ms) and the cost of a
     * successful call (USD; null when unpriced).
     */
    public record ScoreParts(double reliability, double satisfaction, double speed, double cost,
                             double successRateLowerBound, Double satisfactionLowerBound, Double latencyMs,
                             Double costPerSuccessUsd) {
    }
}
