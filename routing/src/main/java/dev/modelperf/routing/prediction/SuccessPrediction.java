package dev.modelperf.routing.prediction;

import dev.modelperf.routing.Basis;
import java.util.List;

/**
 * The chance that a task of a category and complexity succeeds with a model, a 95 % interval for
 * it, and what it rests on.
 *
 * @param probability     the chance of success: the call returns OK and, where quality is observed, the
 *                        answer is good
 * @param sd              the standard deviation of the belief about that chance
 * @param basis           the category level whose calls of the model the estimate rests on (CATEGORY,
 *                        PARENT), or NONE: the uniform prior
 * @param samples         the model's calls in the window at that level
 * @param levels          the model's calls at each level of the category path, the category first
 * @param priorStrength   how many calls' worth a parent level's estimate counts for in its child (pooling)
 * @param qualityObserved whether answer quality was observed for the model, so that success requires a
 *                        good answer and not only an OK call
 * @param complexityShift the shift for the complexity asked for; null when none was asked (or UNKNOWN)
 * @param reason          why the answer is what it is, in a sentence
 */
public record SuccessPrediction(
        String model,
        String category,
        String complexity,
        double probability,
        double sd,
        Interval interval,
        Basis basis,
        long samples,
        List<LevelCalls> levels,
        double priorStrength,
        boolean qualityObserved,
        ComplexityShift complexityShift,
        String reason) {

    /** The bounds of the belief's central {@code level} (0.95) part. */
    public record Interval(double low, double high, double level) {
    }

    /** The model's calls at one level of the category path. */
    public record LevelCalls(String category, long calls) {
    }

    /**
     * How much a task of {@code complexity} differs from the model's calls of every complexity, in
     * log-odds (positive: more likely to succeed), learnt from the tenant's calls of the model in
     * every category and shrunk towards 0 by the prior.
     *
     * @param calls     the model's calls of that complexity in the window, every category
     * @param logOdds   the shift added to the category's log-odds
     * @param sd        its standard deviation, which widens the interval
     * @param rate      the model's success rate at that complexity, every category
     * @param overall   the model's success rate at every complexity, every category
     */
    public record ComplexityShift(long calls, double logOdds, double sd, double rate, double overall) {
    }
}
