package dev.modelperf.query.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.modelperf.events.CallStatus;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStats.Criterion;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON face of a {@link CallStats}: every figure the API serves for a model, category or
 * window. Figures that cannot be known (no calls reported a time to first token, no feedback) are
 * null, never NaN.
 */
public record StatsView(
        long count,
        long successes,
        double successRate,
        Map<CallStatus, Long> failures,
        Distribution latencyMs,
        Distribution timeToFirstTokenMs,
        long inputTokens,
        long outputTokens,
        Double outputTokensPerSecond,
        Cost cost,
        Quality quality,
        FeedbackView feedback,
        JudgmentView judgments) {

    /** Quantiles within 1 % of the true values, plus exact min, max and mean. */
    public record Distribution(long count, Double p50, Double p90, Double p95, Double p99, Double min, Double max, Double mean) {

        static Distribution of(DDSketch sketch) {
            if (sketch.isEmpty()) {
                return new Distribution(0, null, null, null, null, null, null, null);
            }
            double[] q = sketch.getValuesAtQuantiles(new double[] {0.5, 0.9, 0.95, 0.99});
            return new Distribution((long) sketch.getCount(), q[0], q[1], q[2], q[3], sketch.getMinValue(),
                    sketch.getMaxValue(), sketch.getSum() / sketch.getCount());
        }
    }

    /** Known cost: reported by the events, or estimated from the price table; calls with neither are unknown. */
    public record Cost(double totalUsd, Double perCallUsd, Double perSuccessUsd, long reportedCalls, long estimatedCalls,
                       long unknownCalls) {
    }

    public record Quality(Double meanScore, long scoredCalls) {
    }

    public record FeedbackView(long count, long thumbsUp, long thumbsDown, long neutral, Double satisfaction,
                               Map<String, Double> meanScores, Map<String, Long> scoreCounts,
                               long helpful, long helpfulAnswers, long implemented, long implementedAnswers) {
    }

    /**
     * Judges' verdicts on these calls: their mean quality observation (overallScore, else the mean of
     * the scores, else passed as 1/0), how many passed, mean minimality, mean thinking tokens used and
     * the share of the thinking budget used where both were given.
     */
    public record JudgmentView(long count, Double meanScore, long scored, long passed, long passedAnswers,
                               Double meanMinimality, long minimalityCount, Double meanThinkingTokensUsed,
                               long thinkingReported, Double thinkingBudgetUse) {

        static JudgmentView of(CallStats stats) {
            return new JudgmentView(stats.judgmentCount(), finite(stats.meanJudgedQuality()), stats.judgedQualityCount(),
                    stats.passedYes(), stats.passedAnswers(), finite(stats.meanMinimality()), stats.minimalityCount(),
                    finite(stats.meanThinkingTokensUsed()), stats.thinkingUsedCount(), finite(stats.thinkingBudgetUse()));
        }
    }

    public static StatsView of(CallStats stats) {
        long count = stats.count();
        long known = stats.costedCalls();
        Cost cost = new Cost(stats.costUsd(),
                known == 0 ? null : stats.costUsd() / known,
                known == 0 || stats.successes() == 0 ? null : stats.costUsd() / known * count / stats.successes(),
                stats.reportedCostCalls(), stats.estimatedCostCalls(), count - known);
        Map<String, Double> means = new java.util.LinkedHashMap<>();
        Map<String, Long> scored = new java.util.LinkedHashMap<>();
        for (Criterion criterion : Criterion.values()) {
            String name = criterion.name().toLowerCase(Locale.ROOT);
            means.put(name, finite(stats.meanScore(criterion)));
            scored.put(name, stats.scoreCount(criterion));
        }
        long thumbs = stats.thumbsUp() + stats.thumbsDown();
        FeedbackView feedback = new FeedbackView(stats.feedbackCount(), stats.thumbsUp(), stats.thumbsDown(),
                stats.thumbsNeutral(), thumbs == 0 ? null : (double) stats.thumbsUp() / thumbs, means, scored,
                stats.helpfulYes(), stats.helpfulAnswers(), stats.implementedYes(), stats.implementedAnswers());
        return new StatsView(count, stats.successes(), count == 0 ? 0 : (double) stats.successes() / count,
                new EnumMap<>(stats.failuresByStatus()), Distribution.of(stats.latencyMs()),
                Distribution.of(stats.timeToFirstTokenMs()), stats.inputTokens(), stats.outputTokens(),
                finite(stats.outputTokensPerSecond()), cost,
                new Quality(finite(stats.meanQuality()), stats.qualityCount()), feedback, JudgmentView.of(stats));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
