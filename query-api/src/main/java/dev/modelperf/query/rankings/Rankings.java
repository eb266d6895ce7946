package dev.modelperf.query.rankings;

import java.util.List;

/**
 * The answer of {@code GET /api/v1/rankings}: the query as understood, what the ranking rests on,
 * and the models best first. When no level has enough data, {@code models} holds what the category
 * has (too little) and {@code defaults} the rule table's models for it.
 */
public record Rankings(String tenant, String category, String window, String priority, String urgency, String asOf,
                       Basis basis, int minSamples, Priority.Weights weights, List<RankedModel> models,
                       List<DefaultModel> defaults) {

    /** A model from the rule table, with its health. */
    public record DefaultModel(String model, RankedModel.Health health) {
    }
}
