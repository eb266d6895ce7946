package dev.modelperf.routing;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;

/**
 * One model in an answer: its score, the parts and figures behind it, what is believed of it, and
 * its health. Counts, latency, cost and observed quality are those of {@code estimates.dataLevel},
 * the most specific level with calls of the model.
 *
 * @param draw        the score of the draw it was ranked by, in {@code sample} mode; null in {@code best}
 * @param successRate share of the calls that succeeded, as counted
 * @param quality     mean observed quality (0–1) of call scores and feedback, null without any
 * @param confidence  its chance, 0–1, of being first given what is known
 * @param enoughData  whether the category itself has the minimum number of its calls
 */
public record RankedModel(
        String model,
        String provider,
        double score,
        Scoring.ScoreParts parts,
        Double draw,
        long samples,
        long successes,
        double successRate,
        Estimates estimates,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double costPerSuccessUsd,
        Double quality,
        long qualitySamples,
        double confidence,
        boolean enoughData,
        Health health) {

    static RankedModel of(ModelEstimate estimate, Scoring.Score score, Scoring.Score drawn, double confidence,
                          boolean enoughData, Health health) {
        ModelFigures figures = estimate.figures();
        return new RankedModel(figures.model(), figures.provider(), Scoring.round(score.value()), score.parts(),
                drawn == null ? null : Scoring.round(drawn.value()), figures.calls(), figures.successes(),
                figures.calls() == 0 ? 0 : (double) figures.successes() / figures.calls(), Estimates.of(estimate),
                figures.latencyP50Ms(), figures.latencyP95Ms(), figures.costPerSuccessUsd(), figures.quality(),
                figures.qualityCount(), confidence, enoughData, health);
    }

    /**
     * The pooled beliefs: success rate and quality (null when nobody scored the model), each a mean
     * and a 90 % interval, and the most specific level with calls of the model.
     */
    public record Estimates(Estimate successRate, Estimate quality, String dataLevel) {

        static Estimates of(ModelEstimate estimate) {
            return new Estimates(Estimate.of(estimate.success()),
                    estimate.qualityObserved() ? Estimate.of(estimate.quality()) : null, estimate.dataLevel());
        }
    }

    /** A rate's mean and the 90 % interval around it. */
    public record Estimate(double mean, double low, double high) {

        static Estimate of(BetaPosterior belief) {
            return new Estimate(rounded(belief.mean()), rounded(belief.lower(BetaPosterior.INTERVAL_Z)),
                    rounded(belief.upper(BetaPosterior.INTERVAL_Z)));
        }

        private static double rounded(double rate) {
            return Math.round(rate * 10_000) / 10_000.0;
        }
    }

    /** A model's health as routers need it: HEALTHY when the health topic never heard of it. */
    public record Health(HealthStatus status, String blacklistedUntil, Integer consecutiveFailures) {

        static final Health UNKNOWN_HEALTHY = new Health(HealthStatus.HEALTHY, null, null);

        public static Health of(ModelHealth health) {
            if (health == null) {
                return UNKNOWN_HEALTHY;
            }
            return new Health(health.getStatus(),
                    health.getBlacklistedUntil() == null ? null : health.getBlacklistedUntil().toString(),
                    health.getConsecutiveFailures());
        }
    }
}
