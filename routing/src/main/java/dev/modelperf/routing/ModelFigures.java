package dev.modelperf.routing;

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

    /** The same figures learning from {@code weighted} evidence (the calls weighted by age). */
    public ModelFigures withEvidence(Evidence weighted) {
        return new ModelFigures(model, provider, calls, successes, latencyP50Ms, latencyP95Ms, costPerSuccessUsd,
                costedCalls, quality, qualityCount, lastCallMs, weighted);
    }
}
