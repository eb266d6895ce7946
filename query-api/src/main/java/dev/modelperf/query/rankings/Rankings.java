package dev.modelperf.query.rankings;

import java.util.List;

/** The answer of {@code GET /api/v1/rankings}: the query as understood, then the models, best first. */
public record Rankings(String tenant, String category, String window, long fromMs, long toMs, List<ModelRanking> models) {
}
