package dev.modelperf.query.rankings;

import dev.modelperf.routing.Basis;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/rankings}: the query as understood, what the ranking rests on
 * (the most specific level with calls), and every model with calls at some level, first to last.
 * When no level has a call, {@code defaults} holds the rule table's models for the category.
 */
public record Rankings(String tenant, String category, String window, String priority, String urgency, String mode,
                       String objective, String asOf, Basis basis, int minSamples, Priority.Weights weights,
                       List<RankedModel> models, List<DefaultModel> defaults) {

    /** A model from the rule table, with its health. */
    public record DefaultModel(String model, RankedModel.Health health) {
    }
}
