package dev.modelperf.query.rankings;

import dev.modelperf.events.Complexity;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.streams.stores.CallStats.Criterion;
import dev.modelperf.streams.stores.CallStats;
import java.util.EnumMap;
import java.util.Map;

/**
 * The routing policy's figures from the stores' aggregates. The policy itself ({@code modelperf-routing})
 * knows nothing of {@link CallStats}, so that routers embedding it do not carry the streams app.
 */
public final class StatsFigures {

    private StatsFigures() {
    }

    /**
     * What the estimates learn from in {@code stats}, unweighted. Quality observations, each 0..1:
     * the calls' own quality scores, thumbs (up 1, neutral ½, down 0), overall ratings (1..5 mapped
     * to 0..1) and judges' verdicts ({@link CallStats#judgedQuality}).
     */
    public static Evidence evidence(CallStats stats) {
        long ratings = stats.scoreCount(Criterion.OVERALL);
        double ratingPoints = ratings == 0 ? 0 : (stats.meanScore(Criterion.OVERALL) - 1) / 4 * ratings;
        long thumbs = stats.thumbsUp() + stats.thumbsDown() + stats.thumbsNeutral();
        return new Evidence(stats.count(), stats.successes(),
                stats.qualitySum() + stats.thumbsUp() + 0.5 * stats.thumbsNeutral() + ratingPoints + stats.judgedQualitySum(),
                stats.qualityCount() + thumbs + ratings + stats.judgedQualityCount());
    }

    /** The figures of {@code model} from its aggregate, with its evidence unweighted. */
    public static ModelFigures of(String model, CallStats stats) {
        boolean timed = stats.successes() > 0 && !Double.isNaN(stats.successLatencyQuantileMs(0.5));
        long costed = stats.costedCalls();
        Double costPerSuccess = costed == 0 || stats.successes() == 0 ? null
                : stats.costUsd() / costed * stats.count() / stats.successes();
        Evidence evidence = evidence(stats);
        return new ModelFigures(model, stats.provider(), stats.count(), stats.successes(),
                timed ? stats.successLatencyQuantileMs(0.5) : null, timed ? stats.successLatencyQuantileMs(0.95) : null,
                costPerSuccess, costed, evidence.qualityCount() == 0 ? null : evidence.qualitySum() / evidence.qualityCount(),
                Math.round(evidence.qualityCount()), stats.lastCallMs(), evidence, byComplexity(stats));
    }

    /** The calls of each complexity that has some, with their own quality scores. */
    static Map<Complexity, Evidence> byComplexity(CallStats stats) {
        Map<Complexity, Evidence> byComplexity = new EnumMap<>(Complexity.class);
        for (Complexity complexity : Complexity.values()) {
            if (stats.calls(complexity) > 0) {
                byComplexity.put(complexity, new Evidence(stats.calls(complexity), stats.successes(complexity),
                        stats.qualitySum(complexity), stats.qualityCount(complexity)));
            }
        }
        return byComplexity;
    }
}
