package dev.modelperf.routing;

/**
 * What the estimates learn from, weighted by age: calls and their successes, and quality
 * observations on one 0–1 scale. A call's {@code qualityScore} counts as it is; a thumb up counts
 * 1, neutral ½, down 0; an overall 1–5 rating r counts (r − 1) / 4, whoever gave it (user or judge).
 * Weights make the counts fractional: a call one half-life old counts ½.
 */
public record Evidence(double calls, double successes, double qualitySum, double qualityCount) {

    public static final Evidence NONE = new Evidence(0, 0, 0, 0);

    public Evidence plus(Evidence other) {
        return new Evidence(calls + other.calls, successes + other.successes, qualitySum + other.qualitySum,
                qualityCount + other.qualityCount);
    }

    public Evidence scaled(double weight) {
        return new Evidence(calls * weight, successes * weight, qualitySum * weight, qualityCount * weight);
    }

    /** The weight of evidence {@code ageMs} old: ½ per {@code halfLifeMs}, never more than 1. */
    public static double weight(long ageMs, long halfLifeMs) {
        return Math.pow(0.5, Math.max(0, ageMs) / (double) halfLifeMs);
    }
}
