package dev.modelperf.schemas.validation;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a {@link RoutingDecision} must satisfy, shared by the producer client, HTTP ingest and
 * the pipeline. Beyond bounds, a decision must tell one consistent story, since every figure per
 * layer is counted from it: at most one layer accepts and it is the last one tried, the final
 * layer names it, and the cascade asked for clarification exactly when no layer accepted.
 */
public final class RoutingDecisionRules {

    /** Layer ids key the per-layer figures and thresholds: short, printable, no separator. */
    public static final Pattern LAYER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    /** More layers than any cascade has: keyword, semantic, retrieval, classifier and a few more. */
    public static final int MAX_LAYERS = 16;

    private final long maxFutureSkewMs;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public RoutingDecisionRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code decision} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(RoutingDecision decision, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks.text(violations, "decisionId", decision.getDecisionId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, decision.getTimestamp(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, decision.getTenant());
        FieldChecks.optionalText(violations, "taskId", decision.getTaskId(), ModelCallRules.MAX_ID_LENGTH);
        if (decision.getCategory() != null && !CategoryPath.isPath(decision.getCategory())) {
            violations.add(new Violation("category", FieldChecks.CATEGORY_RULE));
        }
        List<LayerAttempt> layers = decision.getLayers();
        if (layers == null || layers.isEmpty() || layers.size() > MAX_LAYERS) {
            violations.add(new Violation("layers", "must hold 1 to " + MAX_LAYERS + " layer attempts (had "
                    + (layers == null ? 0 : layers.size()) + ")"));
            return violations;
        }
        Set<String> ids = new HashSet<>();
        String acceptedBy = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerAttempt layer = layers.get(i);
            String at = "layers[" + i + "].";
            if (layer.getLayerId() == null || !LAYER_ID.matcher(layer.getLayerId()).matches()) {
                violations.add(new Violation(at + "layerId", "must match " + LAYER_ID.pattern() + " (was " + layer.getLayerId() + ")"));
            } else if (!ids.add(layer.getLayerId())) {
                violations.add(new Violation(at + "layerId", "must be unique within a decision (" + layer.getLayerId() + " tried twice)"));
            }
            FieldChecks.optionalText(violations, at + "name", layer.getName(), ModelCallRules.MAX_NAME_LENGTH);
            FieldChecks.optionalText(violations, at + "target", layer.getTarget(), ModelCallRules.MAX_NAME_LENGTH);
            unit(violations, at + "confidence", layer.getConfidence());
            unit(violations, at + "threshold", layer.getThreshold());
            latency(violations, at + "latencyMs", layer.getLatencyMs());
            if (layer.getAccepted()) {
                if (i != layers.size() - 1) {
                    violations.add(new Violation(at + "accepted", "only the last layer tried may accept: the cascade stops there"));
                }
                if (layer.getTarget() == null) {
                    violations.add(new Violation(at + "target", "is required when the layer accepted"));
                }
                acceptedBy = layer.getLayerId();
            }
        }
        if (decision.getClarified() == (acceptedBy != null)) {
            violations.add(new Violation("clarified", "must be true exactly when no layer accepted (was " + decision.getClarified() + ")"));
        }
        if (acceptedBy != null && !acceptedBy.equals(decision.getFinalLayer())) {
            violations.add(new Violation("finalLayer", "must be the layerId of the accepting layer, " + acceptedBy
                    + " (was " + decision.getFinalLayer() + ")"));
        }
        if (acceptedBy == null && (decision.getFinalLayer() != null || decision.getFinalTarget() != null)) {
            violations.add(new Violation(decision.getFinalLayer() != null ? "finalLayer" : "finalTarget",
                    "must be absent when no layer accepted (the cascade asked for clarification)"));
        }
        FieldChecks.optionalText(violations, "finalTarget", decision.getFinalTarget(), ModelCallRules.MAX_NAME_LENGTH);
        if (decision.getFinalConfidence() != null) {
            unit(violations, "finalConfidence", decision.getFinalConfidence());
        }
        latency(violations, "totalLatencyMs", decision.getTotalLatencyMs());
        return violations;
    }

    private static void unit(List<Violation> violations, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            violations.add(new Violation(field, "must be a number between 0 and 1 (was " + value + ")"));
        }
    }

    private static void latency(List<Violation> violations, String field, double value) {
        if (!(value >= 0 && value <= ModelCallRules.MAX_LATENCY_MS)) {
            violations.add(new Violation(field, "must be between 0 and " + ModelCallRules.MAX_LATENCY_MS + " (was " + value + ")"));
        }
    }
}
