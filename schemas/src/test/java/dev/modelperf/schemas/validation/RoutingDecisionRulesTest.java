package dev.modelperf.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A routing decision must tell one consistent story; each broken rule is named by its field. */
class RoutingDecisionRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RoutingDecisionRules rules = new RoutingDecisionRules(Duration.ofMinutes(5));

    private static LayerAttempt layer(String id, double confidence, boolean accepted, String target) {
        return LayerAttempt.newBuilder().setLayerId(id).setConfidence(confidence).setThreshold(0.8).setAccepted(accepted)
                .setTarget(target).setLatencyMs(2).build();
    }

    private static RoutingDecision.Builder decision(LayerAttempt... layers) {
        return RoutingDecision.newBuilder().setDecisionId("d-1").setTimestamp(NOW).setTenant("acme").setLayers(List.of(layers))
                .setTotalLatencyMs(4);
    }

    private List<Violation> check(RoutingDecision decision) {
        return rules.check(decision, NOW.toEpochMilli());
    }

    @Test
    void aRoutedAndAClarifiedDecisionAreValid() {
        assertThat(check(decision(layer("keyword", 0.5, false, "billing"), layer("semantic", 0.9, true, "support"))
                .setFinalLayer("semantic").setFinalTarget("support").build())).isEmpty();
        assertThat(check(decision(layer("keyword", 0.5, false, null)).setClarified(true).build())).isEmpty();
    }

    @Test
    void everyInconsistencyIsNamed() {
        assertThat(check(decision(layer("keyword", 0.9, true, "billing"), layer("keyword", 1.2, true, null))
                .setFinalLayer("keyword").setFinalTarget("billing").build())).containsExactly(
                new Violation("layers[0].accepted", "only the last layer tried may accept: the cascade stops there"),
                new Violation("layers[1].layerId", "must be unique within a decision (keyword tried twice)"),
                new Violation("layers[1].confidence", "must be a number between 0 and 1 (was 1.2)"),
                new Violation("layers[1].target", "is required when the layer accepted"));
        assertThat(check(decision(layer("keyword", 0.5, false, null)).setFinalLayer("keyword").build())).containsExactly(
                new Violation("clarified", "must be true exactly when no layer accepted (was false)"),
                new Violation("finalLayer", "must be absent when no layer accepted (the cascade asked for clarification)"));
        assertThat(check(decision(layer("key word", 0.5, false, null)).setClarified(true).build())).containsExactly(
                new Violation("layers[0].layerId", "must match [A-Za-z0-9][A-Za-z0-9_.:-]{0,63} (was key word)"));
        assertThat(check(decision().setClarified(true).build())).containsExactly(
                new Violation("layers", "must hold 1 to 16 layer attempts (had 0)"));
    }

    @Test
    void anOutcomeNamesItsDecisionAndBoundsItsScore() {
        RoutingOutcomeRules outcomes = new RoutingOutcomeRules(Duration.ofMinutes(5));
        assertThat(outcomes.check(RoutingOutcome.newBuilder().setEventId("o-1").setTimestamp(NOW).setTenant("acme")
                .setDecisionId("").setCompleted(true).setQualityScore(Double.NaN).build(), NOW.toEpochMilli())).containsExactly(
                new Violation("decisionId", "must not be blank"),
                new Violation("qualityScore", "must be a finite number between 0 and 1 (was NaN)"));
    }
}
