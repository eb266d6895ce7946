package dev.modelperf.query.rankings;

import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.CallStats.Criterion;

/**
 * What scoring needs of one model in one (tenant, category, window): a few numbers, so the
 * ready-made view stays small and travels cheaply between instances.
 *
 * @param votes        thumbs and overall 1–5 ratings received
 * @param positiveVotes thumbs up count 1, neutral ½, down 0; a rating r counts (r − 1) / 4
 */
public record ModelFigures(
        String model,
        String provider,
        long calls,
        long successes,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double costPerSuccessUsd,
        long costedCalls,
        long votes,
        double positiveVotes,
        long lastCallMs) {

    public static ModelFigures of(String model, CallStats stats) {
        boolean timed = !stats.latencyMs().isEmpty();
        long costed = stats.costedCalls();
        Double costPerSuccess = costed == 0 || stats.successes() == 0 ? null
                : stats.costUsd() / costed * stats.count() / stats.successes();
        long ratings = stats.scoreCount(Criterion.OVERALL);
        double ratingPoints = ratings == 0 ? 0 : (stats.meanScore(Criterion.OVERALL) - 1) / 4 * ratings;
        long thumbs = stats.thumbsUp() + stats.thumbsDown() + stats.thumbsNeutral();
        return new ModelFigures(model, stats.provider(), stats.count(), stats.successes(),
                timed ? stats.latencyQuantileMs(0.5) : null, timed ? stats.latencyQuantileMs(0.95) : null,
                costPerSuccess, costed, thumbs + ratings, stats.thumbsUp() + 0.5 * stats.thumbsNeutral() + ratingPoints,
                stats.lastCallMs());
    }
}
