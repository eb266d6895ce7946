package dev.modelperf.streams.stores;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one window knows about the calls of one (tenant, category level, model): counts by
 * status, mergeable latency sketches of every call and of successful calls only, a
 * time-to-first-token sketch (DDSketch, 1 % relative accuracy),
 * token, generation-time and cost sums, quality scores, the feedback and judgments joined to those
 * calls; and per complexity the calls, successes and quality scores, which success prediction
 * learns its complexity shift from.
 * Mutable, as an accumulator is; windows, levels and instances combine with {@link #merge}.
 */
public final class CallStats {

    public static final double RELATIVE_ACCURACY = 0.01;
    /** Bounds a sketch's memory: beyond 2,048 bins the lowest values collapse, never the tail. */
    static final int MAX_BINS = 2048;
    static final IndexMapping SKETCH_MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    static final Supplier<Store> SKETCH_STORE = () -> new CollapsingLowestDenseStore(MAX_BINS);

    /** The five 1-5 rating criteria of {@link Feedback}, in this order in {@link #criterionSums}. */
    public enum Criterion { RELEVANCE, ACCURACY, HELPFULNESS, CREATIVITY, OVERALL }

    static final CallStatus[] STATUSES = CallStatus.values();
    static final Criterion[] CRITERIA = Criterion.values();
    static final Complexity[] COMPLEXITIES = Complexity.values();

    long count;
    /** Provider of the model as its latest call named it; null until a call is counted. */
    String provider;
    /** Event time of the newest call counted. */
    long lastCallMs;
    final long[] countsByStatus;
    final DDSketch latencyMs;
    /** Latency of OK calls only: a model that fails fast must not look fast to routing. */
    final DDSketch successLatencyMs;
    final DDSketch timeToFirstTokenMs;
    long inputTokens;
    long outputTokens;
    /** Output tokens and generation time (latency after the first token) of calls that reported both. */
    long generatedTokens;
    long generationMs;
    double costUsd;
    long reportedCostCalls;
    long estimatedCostCalls;
    double qualitySum;
    long qualityCount;
    long feedbackCount;
    long thumbsUp;
    long thumbsDown;
    long thumbsNeutral;
    final long[] criterionSums;
    final long[] criterionCounts;
    long helpfulYes;
    long helpfulAnswers;
    long implementedYes;
    long implementedAnswers;
    long judgmentCount;
    /** Sum and count of the judgments' quality observations (see {@link #judgedQuality}). */
    double judgedQualitySum;
    long judgedQualityCount;
    long passedYes;
    long passedAnswers;
    double minimalitySum;
    long minimalityCount;
    long thinkingTokensUsed;
    long thinkingUsedCount;
    /** Thinking tokens used and budgeted, over the judgments that gave both: how much of its budget a model spends. */
    long budgetedTokensUsed;
    long thinkingBudgetTokens;
    /** By {@link Complexity} ordinal: the calls' own figures only, feedback does not name a complexity. */
    final long[] callsByComplexity = new long[COMPLEXITIES.length];
    final long[] successesByComplexity = new long[COMPLEXITIES.length];
    final double[] qualitySumByComplexity = new double[COMPLEXITIES.length];
    final long[] qualityCountByComplexity = new long[COMPLEXITIES.length];

    public CallStats() {
        this(new long[STATUSES.length], newSketch(), newSketch(), newSketch(), new long[CRITERIA.length],
                new long[CRITERIA.length]);
    }

    CallStats(long[] countsByStatus, DDSketch latencyMs, DDSketch successLatencyMs, DDSketch timeToFirstTokenMs,
              long[] criterionSums, long[] criterionCounts) {
        this.countsByStatus = countsByStatus;
        this.latencyMs = latencyMs;
        this.successLatencyMs = successLatencyMs;
        this.timeToFirstTokenMs = timeToFirstTokenMs;
        this.criterionSums = criterionSums;
        this.criterionCounts = criterionCounts;
    }

    static DDSketch newSketch() {
        return new DDSketch(SKETCH_MAPPING, SKETCH_STORE);
    }

    /**
     * Counts one call. {@code costUsd} is what the call cost: the event's own figure when it
     * carried one ({@code reported}), else the price table's estimate, else null (unknown).
     */
    public CallStats add(ModelCall call, Double costUsd, boolean reported) {
        count++;
        long timestamp = call.getTimestamp().toEpochMilli();
        if (timestamp >= lastCallMs) {
            lastCallMs = timestamp;
            provider = call.getProvider();
        }
        countsByStatus[call.getStatus().ordinal()]++;
        latencyMs.accept(call.getLatencyMs());
        if (call.getStatus() == CallStatus.OK) {
            successLatencyMs.accept(call.getLatencyMs());
        }
        Long ttft = call.getTimeToFirstTokenMs();
        if (ttft != null) {
            timeToFirstTokenMs.accept(ttft);
            long generation = call.getLatencyMs() - ttft;
            if (generation > 0 && call.getOutputTokens() > 0) {
                generatedTokens += call.getOutputTokens();
                generationMs += generation;
            }
        }
        inputTokens += call.getInputTokens();
        outputTokens += call.getOutputTokens();
        if (costUsd != null) {
            this.costUsd += costUsd;
            if (reported) {
                reportedCostCalls++;
            } else {
                estimatedCostCalls++;
            }
        }
        if (call.getQualityScore() != null) {
            qualitySum += call.getQualityScore();
            qualityCount++;
        }
        int complexity = call.getComplexity().ordinal();
        callsByComplexity[complexity]++;
        if (call.getStatus() == CallStatus.OK) {
            successesByComplexity[complexity]++;
        }
        if (call.getQualityScore() != null) {
            qualitySumByComplexity[complexity] += call.getQualityScore();
            qualityCountByComplexity[complexity]++;
        }
        return this;
    }

    /** Counts one judgement of a call of this aggregate. */
    public CallStats addFeedback(Feedback feedback) {
        feedbackCount++;
        Integer rating = feedback.getRating();
        if (rating != null) {
            if (rating > 0) {
                thumbsUp++;
            } else if (rating < 0) {
                thumbsDown++;
            } else {
                thumbsNeutral++;
            }
        }
        criterion(Criterion.RELEVANCE, feedback.getRelevance());
        criterion(Criterion.ACCURACY, feedback.getAccuracy());
        criterion(Criterion.HELPFULNESS, feedback.getHelpfulness());
        criterion(Criterion.CREATIVITY, feedback.getCreativity());
        criterion(Criterion.OVERALL, feedback.getOverall());
        if (feedback.getHelpful() != null) {
            helpfulAnswers++;
            helpfulYes += feedback.getHelpful() ? 1 : 0;
        }
        if (feedback.getImplemented() != null) {
            implementedAnswers++;
            implementedYes += feedback.getImplemented() ? 1 : 0;
        }
        return this;
    }

    /** Counts one judge's verdict on a call of this aggregate. */
    public CallStats addJudgment(Judgment judgment) {
        judgmentCount++;
        Double quality = judgedQuality(judgment);
        if (quality != null) {
            judgedQualitySum += quality;
            judgedQualityCount++;
        }
        if (judgment.getPassed() != null) {
            passedAnswers++;
            passedYes += judgment.getPassed() ? 1 : 0;
        }
        if (judgment.getMinimality() != null) {
            minimalitySum += judgment.getMinimality();
            minimalityCount++;
        }
        Long used = judgment.getThinkingTokensUsed();
        if (used != null) {
            thinkingTokensUsed += used;
            thinkingUsedCount++;
            if (judgment.getThinkingBudgetTokens() != null) {
                budgetedTokensUsed += used;
                thinkingBudgetTokens += judgment.getThinkingBudgetTokens();
            }
        }
        return this;
    }

    /**
     * The one quality observation (0..1) a judgment gives: its {@code overallScore}, else the mean of
     * its {@code scores}, else {@code passed} as 1 or 0; null when it carries none of them.
     */
    public static Double judgedQuality(Judgment judgment) {
        if (judgment.getOverallScore() != null) {
            return judgment.getOverallScore();
        }
        Map<String, Double> scores = judgment.getScores();
        if (scores != null && !scores.isEmpty()) {
            return scores.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
        Boolean passed = judgment.getPassed();
        return passed == null ? null : passed ? 1.0 : 0.0;
    }

    private void criterion(Criterion criterion, Integer score) {
        if (score != null) {
            criterionSums[criterion.ordinal()] += score;
            criterionCounts[criterion.ordinal()]++;
        }
    }

    /** Adds everything {@code other} counted to this. */
    public CallStats merge(CallStats other) {
        count += other.count;
        if (other.provider != null && other.lastCallMs >= lastCallMs) {
            provider = other.provider;
        }
        lastCallMs = Math.max(lastCallMs, other.lastCallMs);
        add(countsByStatus, other.countsByStatus);
        latencyMs.mergeWith(other.latencyMs);
        successLatencyMs.mergeWith(other.successLatencyMs);
        timeToFirstTokenMs.mergeWith(other.timeToFirstTokenMs);
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        generatedTokens += other.generatedTokens;
        generationMs += other.generationMs;
        costUsd += other.costUsd;
        reportedCostCalls += other.reportedCostCalls;
        estimatedCostCalls += other.estimatedCostCalls;
        qualitySum += other.qualitySum;
        qualityCount += other.qualityCount;
        feedbackCount += other.feedbackCount;
        thumbsUp += other.thumbsUp;
        thumbsDown += other.thumbsDown;
        thumbsNeutral += other.thumbsNeutral;
        add(criterionSums, other.criterionSums);
        add(criterionCounts, other.criterionCounts);
        helpfulYes += other.helpfulYes;
        helpfulAnswers += other.helpfulAnswers;
        implementedYes += other.implementedYes;
        implementedAnswers += other.implementedAnswers;
        judgmentCount += other.judgmentCount;
        judgedQualitySum += other.judgedQualitySum;
        judgedQualityCount += other.judgedQualityCount;
        passedYes += other.passedYes;
        passedAnswers += other.passedAnswers;
        minimalitySum += other.minimalitySum;
        minimalityCount += other.minimalityCount;
        thinkingTokensUsed += other.thinkingTokensUsed;
        thinkingUsedCount += other.thinkingUsedCount;
        budgetedTokensUsed += other.budgetedTokensUsed;
        thinkingBudgetTokens += other.thinkingBudgetTokens;
        add(callsByComplexity, other.callsByComplexity);
        add(successesByComplexity, other.successesByComplexity);
        add(qualityCountByComplexity, other.qualityCountByComplexity);
        for (int i = 0; i < qualitySumByComplexity.length; i++) {
            qualitySumByComplexity[i] += other.qualitySumByComplexity[i];
        }
        return this;
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    public long count() {
        return count;
    }

    public String provider() {
        return provider;
    }

    /** Event time of the newest call counted, epoch milliseconds; 0 when none. */
    public long lastCallMs() {
        return lastCallMs;
    }

    public long successes() {
        return countsByStatus[CallStatus.OK.ordinal()];
    }

    public long countOf(CallStatus status) {
        return countsByStatus[status.ordinal()];
    }

    /** Failures by status; statuses never seen are left out. */
    public Map<CallStatus, Long> failuresByStatus() {
        Map<CallStatus, Long> failures = new EnumMap<>(CallStatus.class);
        for (CallStatus status : STATUSES) {
            if (status != CallStatus.OK && countsByStatus[status.ordinal()] > 0) {
                failures.put(status, countsByStatus[status.ordinal()]);
            }
        }
        return failures;
    }

    /** The latency sketch, for quantiles, min, max and mean; read it, do not change it. */
    public DDSketch latencyMs() {
        return latencyMs;
    }

    /** The latency at quantile {@code q} (0..1) of OK calls only; NaN when none succeeded. */
    public double successLatencyQuantileMs(double q) {
        return successLatencyMs.isEmpty() ? Double.NaN : successLatencyMs.getValueAtQuantile(q);
    }

    /** The time-to-first-token sketch of the calls that reported one; read it, do not change it. */
    public DDSketch timeToFirstTokenMs() {
        return timeToFirstTokenMs;
    }

    /** The latency at quantile {@code q} (0..1), within 1 % of the true value; NaN when empty. */
    public double latencyQuantileMs(double q) {
        return latencyMs.isEmpty() ? Double.NaN : latencyMs.getValueAtQuantile(q);
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    /** Output tokens per second of generation (after the first token); NaN when no call reported both. */
    public double outputTokensPerSecond() {
        return generationMs == 0 ? Double.NaN : generatedTokens * 1000.0 / generationMs;
    }

    /** Sum of the costs known: reported by events, or estimated from the price table. */
    public double costUsd() {
        return costUsd;
    }

    public long reportedCostCalls() {
        return reportedCostCalls;
    }

    public long estimatedCostCalls() {
        return estimatedCostCalls;
    }

    /** How many calls have a known cost (reported or estimated). */
    public long costedCalls() {
        return reportedCostCalls + estimatedCostCalls;
    }

    /** Mean quality score (0..1) of the calls that carried one; NaN when none did. */
    public double meanQuality() {
        return qualityCount == 0 ? Double.NaN : qualitySum / qualityCount;
    }

    /** Sum of the quality scores (0..1) calls carried. */
    public double qualitySum() {
        return qualitySum;
    }

    public long qualityCount() {
        return qualityCount;
    }

    public long feedbackCount() {
        return feedbackCount;
    }

    public long thumbsUp() {
        return thumbsUp;
    }

    public long thumbsDown() {
        return thumbsDown;
    }

    public long thumbsNeutral() {
        return thumbsNeutral;
    }

    /** Mean 1-5 score for {@code criterion}; NaN when no feedback scored it. */
    public double meanScore(Criterion criterion) {
        long n = criterionCounts[criterion.ordinal()];
        return n == 0 ? Double.NaN : (double) criterionSums[criterion.ordinal()] / n;
    }

    public long scoreCount(Criterion criterion) {
        return criterionCounts[criterion.ordinal()];
    }

    public long helpfulYes() {
        return helpfulYes;
    }

    public long helpfulAnswers() {
        return helpfulAnswers;
    }

    public long implementedYes() {
        return implementedYes;
    }

    public long implementedAnswers() {
        return implementedAnswers;
    }

    public long judgmentCount() {
        return judgmentCount;
    }

    /** Sum of the judgments' quality observations; they count in the routing policy's quality estimate. */
    public double judgedQualitySum() {
        return judgedQualitySum;
    }

    public long judgedQualityCount() {
        return judgedQualityCount;
    }

    /** Mean quality (0..1) the judges gave; NaN when no judgment carried one. */
    public double meanJudgedQuality() {
        return judgedQualityCount == 0 ? Double.NaN : judgedQualitySum / judgedQualityCount;
    }

    public long passedYes() {
        return passedYes;
    }

    public long passedAnswers() {
        return passedAnswers;
    }

    /** Mean minimality (0..1) of the judgments that rated it; NaN when none did. */
    public double meanMinimality() {
        return minimalityCount == 0 ? Double.NaN : minimalitySum / minimalityCount;
    }

    public long minimalityCount() {
        return minimalityCount;
    }

    /** Mean thinking tokens a judged call used, over the judgments that reported it; NaN when none did. */
    public double meanThinkingTokensUsed() {
        return thinkingUsedCount == 0 ? Double.NaN : (double) thinkingTokensUsed / thinkingUsedCount;
    }

    public long thinkingUsedCount() {
        return thinkingUsedCount;
    }

    /** Thinking tokens used over those budgeted, for judgments that gave both; NaN when no budget was given. */
    public double thinkingBudgetUse() {
        return thinkingBudgetTokens == 0 ? Double.NaN : (double) budgetedTokensUsed / thinkingBudgetTokens;
    }

    public long calls(Complexity complexity) {
        return callsByComplexity[complexity.ordinal()];
    }

    public long successes(Complexity complexity) {
        return successesByComplexity[complexity.ordinal()];
    }

    /** Sum of the quality scores (0..1) carried by the calls of {@code complexity}. */
    public double qualitySum(Complexity complexity) {
        return qualitySumByComplexity[complexity.ordinal()];
    }

    public long qualityCount(Complexity complexity) {
        return qualityCountByComplexity[complexity.ordinal()];
    }
}
