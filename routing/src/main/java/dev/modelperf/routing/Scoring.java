package dev.modelperf.routing;

/**
 * Scores a model, 0–100, as the expected worth of one call to it: a failed call is worth 0, a
 * successful one the priority's weighted sum of four parts — having an answer at all (100), its
 * quality (100 × the quality estimate), speed and cost. So the score is the success rate times that
 * sum, over the whole 0–1 range: 76 % success scores below 85 %, never both 0, and a model failing
 * every call scores 0 however fast or cheap its failures are. Speed comes from the latency of
 * successful calls on a log scale (10 ms scores 100, 100 ms 67, 1 s 33, 10 s 0); cost is the cost
 * of a successful call on a log scale ($0.00001 scores 100, $1 scores 0). A part nobody reported
 * (no price, no quality score or feedback) scores a neutral 50.
 */
public final class Scoring {

    /** The part score of a figure nobody reported. */
    public static final double NEUTRAL = 50;

    private final int minSamples;

    public Scoring(int minSamples) {
        this.minSamples = minSamples;
    }

    /** Calls a model needs in the category itself for its own figures to count as enough. */
    public int minSamples() {
        return minSamples;
    }

    /** The score from the estimates' means (the low end of the success rate for critical requests). */
    public Score score(ModelEstimate estimate, Priority priority, Urgency urgency) {
        double successRate = urgency == Urgency.CRITICAL ? estimate.success().lower(Urgency.CRITICAL_Z)
                : estimate.success().mean();
        return score(estimate, priority, urgency, successRate, estimate.quality().mean());
    }

    /** The score for a given success rate and quality, e.g. drawn from the beliefs. */
    public Score score(ModelEstimate estimate, Priority priority, Urgency urgency, double successRate, double quality) {
        Priority.Weights weights = urgency.adjust(priority.weights());
        ModelFigures figures = estimate.figures();
        Double latency = urgency.latencyMs(figures);
        Double qualityUsed = estimate.qualityObserved() ? quality : null;
        ScoreParts parts = new ScoreParts(
                100 * successRate,
                qualityUsed == null ? NEUTRAL : 100 * qualityUsed,
                latency == null ? NEUTRAL : speedScore(latency),
                figures.costPerSuccessUsd() == null ? NEUTRAL : costScore(figures.costPerSuccessUsd()),
                successRate, qualityUsed, latency, figures.costPerSuccessUsd());
        return new Score(value(weights, successRate, parts.quality(), parts.speed(), parts.cost()),
                qualityUsed == null ? successRate : successRate * qualityUsed, parts);
    }

    /** The score's value from its parts: the success rate times the weighted worth of a success. */
    static double value(Priority.Weights weights, double successRate, double qualityPart, double speedPart, double costPart) {
        double worthOfSuccess = 100 * weights.reliability() + weights.quality() * qualityPart
                + weights.speed() * speedPart + weights.cost() * costPart;
        return successRate * worthOfSuccess;
    }

    public static double speedScore(double latencyMs) {
        return clamp(100 * (1 - Math.log10(Math.max(latencyMs, 10) / 10) / 3));
    }

    public static double costScore(double usdPerSuccess) {
        return clamp(100 * (1 - Math.log10(Math.max(usdPerSuccess, 1e-5) / 1e-5) / 5));
    }

    private static double clamp(double score) {
        return Math.max(0, Math.min(100, score));
    }

    public static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * A model's score and why; {@code expectedQuality} is what the cheapest objective compares:
     * the success rate times quality (the success rate alone when nobody scored the model).
     */
    public record Score(double value, double expectedQuality, ScoreParts parts) {
    }

    /**
     * The four parts, 0–100, and the figures they came from: the success rate and quality judged
     * (0–1; quality null when nobody scored the model), the latency judged (ms) and the cost of a
     * successful call (USD; null when unpriced).
     */
    public record ScoreParts(double reliability, double quality, double speed, double cost,
                             double successRate, Double qualityEstimate, Double latencyMs, Double costPerSuccessUsd) {
    }
}
