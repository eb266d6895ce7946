package dev.modelperf.routing;

/**
 * What "first" means. {@code score}: the highest score for the priority. {@code cheapest}: the
 * model with the lowest cost per successful call among those whose expected quality is at least
 * {@code floor} (absolute, 0–1) or, without a floor, within {@code margin} of the best model's;
 * when none qualifies, the best expected quality. Expected quality is what a call delivers: the
 * success rate times the quality estimate (the success rate alone for a model nobody scored).
 */
public record Objective(Kind kind, Double floor, double margin) {

    public static final double DEFAULT_MARGIN = 0.05;
    public static final Objective SCORE = new Objective(Kind.SCORE, null, DEFAULT_MARGIN);

    public enum Kind { SCORE, CHEAPEST }

    public static Objective cheapest(Double floor, Double margin) {
        return new Objective(Kind.CHEAPEST, floor, margin == null ? DEFAULT_MARGIN : margin);
    }

    /** The expected quality a model needs to qualify, given the best one's. */
    double threshold(double bestExpectedQuality) {
        return floor != null ? floor : bestExpectedQuality - margin;
    }

    public String label() {
        return kind == Kind.SCORE ? "score" : "cheapest";
    }
}
