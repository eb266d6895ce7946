package dev.modelperf.streams.cascade;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import java.time.Instant;
import java.util.List;

/** Routing decisions and outcomes for tests. */
public final class Cascades {

    private Cascades() {
    }

    public static LayerAttempt layer(String id, double confidence, double threshold, String target, double latencyMs) {
        return LayerAttempt.newBuilder().setLayerId(id).setConfidence(confidence).setThreshold(threshold)
                .setAccepted(confidence >= threshold).setTarget(target).setLatencyMs(latencyMs).build();
    }

    /** A decision over {@code layers}; routed by the last one when it accepted, else clarified. */
    public static RoutingDecision decision(String tenant, String decisionId, Instant at, LayerAttempt... layers) {
        LayerAttempt last = layers[layers.length - 1];
        boolean routed = last.getAccepted();
        double total = List.of(layers).stream().mapToDouble(LayerAttempt::getLatencyMs).sum();
        return RoutingDecision.newBuilder().setDecisionId(decisionId).setTimestamp(at).setTenant(tenant).setLayers(List.of(layers))
                .setFinalLayer(routed ? last.getLayerId() : null).setFinalTarget(routed ? last.getTarget() : null)
                .setFinalConfidence(routed ? last.getConfidence() : null).setClarified(!routed).setTotalLatencyMs(total).build();
    }

    public static RoutingOutcome.Builder outcome(String tenant, String eventId, String decisionId, Instant at) {
        return RoutingOutcome.newBuilder().setEventId(eventId).setTimestamp(at).setTenant(tenant).setDecisionId(decisionId)
                .setCompleted(true);
    }
}
