package dev.modelperf.streams.cascade;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import java.util.List;

/**
 * What an outcome needs to know of its decision, kept for the join horizon: each layer's proposal
 * and whether it accepted, the final target, and the id of the outcome that judged it once one has.
 */
public record DecisionRef(String tenant, long timestampMs, List<Proposal> proposals, String finalTarget, boolean clarified,
                          String judgedBy) {

    /** One layer's proposal, in cascade order. */
    public record Proposal(String layerId, double confidence, String target, boolean accepted) {
    }

    public static DecisionRef of(RoutingDecision decision) {
        List<Proposal> proposals = decision.getLayers().stream()
                .map((LayerAttempt layer) -> new Proposal(layer.getLayerId(), layer.getConfidence(), layer.getTarget(), layer.getAccepted()))
                .toList();
        return new DecisionRef(decision.getTenant(), decision.getTimestamp().toEpochMilli(), proposals, decision.getFinalTarget(),
                decision.getClarified(), null);
    }

    public DecisionRef judgedBy(String outcomeEventId) {
        return new DecisionRef(tenant, timestampMs, proposals, finalTarget, clarified, outcomeEventId);
    }
}
