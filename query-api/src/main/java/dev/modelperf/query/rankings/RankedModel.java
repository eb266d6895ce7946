package dev.modelperf.query.rankings;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;

/**
 * One model in an answer: its score, the parts and figures behind it, and its health.
 *
 * @param satisfaction share of positive feedback (thumbs and overall ratings), null without feedback
 * @param enoughData   whether it has the minimum number of calls to be scored as known
 */
public record RankedModel(
        String model,
        String provider,
        double score,
        Scoring.ScoreParts parts,
        long samples,
        long successes,
        double successRate,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double costPerSuccessUsd,
        Double satisfaction,
        long feedbackVotes,
        double confidence,
        boolean enoughData,
        Health health) {

    static RankedModel of(ModelFigures figures, Scoring.Score score, Health health) {
        return new RankedModel(figures.model(), figures.provider(), score.value(), score.parts(), figures.calls(),
                figures.successes(), figures.calls() == 0 ? 0 : (double) figures.successes() / figures.calls(),
                figures.latencyP50Ms(), figures.latencyP95Ms(), figures.costPerSuccessUsd(),
                figures.votes() == 0 ? null : figures.positiveVotes() / figures.votes(), figures.votes(),
                score.confidence(), score.enoughData(), health);
    }

    /** A model's health as routers need it: HEALTHY when the health topic never heard of it. */
    public record Health(HealthStatus status, String blacklistedUntil, Integer consecutiveFailures) {

        static final Health UNKNOWN_HEALTHY = new Health(HealthStatus.HEALTHY, null, null);

        static Health of(ModelHealth health) {
            if (health == null) {
                return UNKNOWN_HEALTHY;
            }
            return new Health(health.getStatus(),
                    health.getBlacklistedUntil() == null ? null : health.getBlacklistedUntil().toString(),
                    health.getConsecutiveFailures());
        }
    }
}
