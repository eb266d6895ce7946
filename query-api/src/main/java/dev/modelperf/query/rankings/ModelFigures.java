package dev.modelperf.query.rankings;

import dev.modelperf.streams.stores.CallStats;

/**
 * What scoring needs of one model in one (tenant, category, window): a few numbers, so the
 * ready-made view stays small and travels cheaply between instances. Counts are the window's;
 * {@code evidence} is the same calls weighted by age, which is what the estimates learn from.
 * Latency is that of successful calls only: a failure returned in 40 ms is not speed.
 *
 * @param quality      mean observed quality (0–1) of calls' scores and feedback, null without any
 * @param qualityCount quality observations behind it
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
        Double quality,
        long qualityCount,
        long lastCallMs,
        Evidence evidence) {

    public static ModelFigures of(String model, CallStats stats) {
        boolean timed = stats.successes() > 0 && !Double.isNaN(stats.successLatencyQuantileMs(0.5));
        long costed = stats.costedCalls();
        Double costPerSuccess = costed == 0 || stats.successes() == 0 ? null
                : stats.costUsd() / costed * stats.count() / stats.successes();
        Evidence evidence = Evidence.of(stats);
        return new ModelFigures(model, stats.provider(), stats.count(), stats.successes(),
                timed ? stats.successLatencyQuantileMs(0.5) : null, timed ? stats.successLatencyQuantileMs(0.95) : null,
                costPerSuccess, costed, evidence.qualityCount() == 0 ? null : evidence.qualitySum() / evidence.qualityCount(),
                Math.round(evidence.qualityCount()), stats.lastCallMs(), evidence);
    }

    /** The same figures learning from {@code weighted} evidence (the calls weighted by age). */
    public ModelFigures withEvidence(Evidence weighted) {
        return new ModelFigures(model, provider, calls, successes, latencyP50Ms, latencyP95Ms, costPerSuccessUsd,
                costedCalls, quality, qualityCount, lastCallMs, weighted);
    }
}
