package dev.modelperf.routing;

import dev.modelperf.events.HealthStatus;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/recommendation}: the model to call, up to three more to try in
 * order when it fails, and why. {@code best} is null only when no model is left at all.
 */
public record Recommendation(String tenant, String category, String window, String priority, String urgency, String mode,
                             String objective, String asOf, Choice best, List<Choice> fallbacks, double confidence,
                             Basis basis, String reason, List<Skipped> skipped) {

    /**
     * A model to route to. Figures are null for a model chosen from the rule table; {@code degraded}
     * marks a DEGRADED model, offered only after every healthy one. {@code successRate} and
     * {@code quality} are the pooled estimates' means; {@code draw} the score of the draw it was
     * ranked by in {@code sample} mode.
     */
    public record Choice(String model, String provider, Basis.Source source, String category, HealthStatus health,
                         boolean degraded, Double score, Double draw, Double confidence, Long samples, Double successRate,
                         Double quality, Double latencyP95Ms, Double costPerSuccessUsd) {

        static Choice of(RankedModel ranked, Basis.Source source) {
            RankedModel.Estimates estimates = ranked.estimates();
            return new Choice(ranked.model(), ranked.provider(), source, estimates.dataLevel(), ranked.health().status(),
                    ranked.health().status() == HealthStatus.DEGRADED, ranked.score(), ranked.draw(), ranked.confidence(),
                    ranked.samples(), estimates.successRate().mean(),
                    estimates.quality() == null ? null : estimates.quality().mean(), ranked.latencyP95Ms(),
                    ranked.costPerSuccessUsd());
        }

        static Choice ofRule(String model, String category, RankedModel.Health health) {
            return new Choice(model, null, Basis.Source.RULES, category, health.status(),
                    health.status() == HealthStatus.DEGRADED, null, null, null, null, null, null, null, null);
        }
    }

    /** A candidate left out, and why (blacklisted, or excluded by the request). */
    public record Skipped(String model, String reason) {
    }
}
