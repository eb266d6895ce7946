package dev.modelperf.streams.cascade;

import dev.modelperf.routing.cascade.Verdict;
import java.util.List;

/**
 * What changes the routing figures, in the windows of the decision's event time: a decision as it
 * was made ({@code judged} false: attempts, acceptance, confidence, latency, thresholds; every
 * verdict unknown), or the verdicts its outcome brought later ({@code judged} true: only verdicts
 * are read). Each decision yields one of each at most, so it is counted once.
 */
public record CascadeFact(boolean judged, String tenant, long decisionMs, boolean clarified, double totalLatencyMs,
                          Verdict finalVerdict, List<LayerFact> layers) {

    /** One layer's part in the decision. */
    public record LayerFact(String layerId, double confidence, double threshold, boolean accepted, double latencyMs, Verdict verdict) {
    }
}
