package dev.modelperf.routing;

import dev.modelperf.events.Complexity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What scoring needs of one model in one (tenant, category, window): a few numbers, so the
 * ready-made view stays small and travels cheaply between instances. Counts are the window's;
 * {@code evidence} is the same calls weighted by age, which is what the estimates learn from.
 * Latency is that of successful calls only: a failure returned in 40 ms is not speed.
 *
 * @param quality      mean observed quality (0–1) of calls' scores and feedback, null without any
 * @param qualityCount quality observations behind it
 * @param byComplexity the window's calls per complexity the caller gave, unweighted, with the
 *                     calls' own quality scores (feedback names no complexity); complexities
 *                     without calls are left out
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
        Evidence evidence,
        Map<Complexity, Evidence> byComplexity) {

    public ModelFigures {
        // Figures from an instance that does not count complexity yet carry none.
        byComplexity = byComplexity == null || byComplexity.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byComplexity));
    }

    /** Figures without calls per complexity: what the ranking needs. */
    public ModelFigures(String model, String provider, long calls, long successes, Double latencyP50Ms, Double latencyP95Ms,
                        Double costPerSuccessUsd, long costedCalls, Double quality, long qualityCount, long lastCallMs,
                        Evidence evidence) {
        this(model, provider, calls, successes, latencyP50Ms, latencyP95Ms, costPerSuccessUsd, costedCalls, quality, qualityCount,
                lastCallMs, evidence, Map.of());
    }

    /** The calls of {@code complexity}; none when the caller never gave it. */
    public Evidence of(Complexity complexity) {
        return byComplexity.getOrDefault(complexity, Evidence.NONE);
    }

    /** The same figures learning from {@code weighted} evidence (the calls weighted by age). */
    public ModelFigures withEvidence(Evidence weighted) {
        return new ModelFigures(model, provider, calls, successes, latencyP50Ms, latencyP95Ms, costPerSuccessUsd,
                costedCalls, quality, qualityCount, lastCallMs, weighted, byComplexity);
    }
}
