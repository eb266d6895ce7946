package dev.modelperf.query.rankings;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.query.health.HealthQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Ranks the models of a category from the ready-made figures, falling back to the nearest parent
 * category with enough data, then to the rule table.
 */
public final class RankingsQuery {

    private final FiguresGatherer figures;
    private final HealthQuery health;
    private final Ranker ranker;
    private final RoutingDefaults defaults;

    public RankingsQuery(FiguresGatherer figures, HealthQuery health, Ranker ranker, RoutingDefaults defaults) {
        this.figures = figures;
        this.health = health;
        this.ranker = ranker;
        this.defaults = defaults;
    }

    public CompletableFuture<Rankings> rank(String tenant, String category, RankingWindow window, Priority priority,
                                            Urgency urgency) {
        return figures.gather(tenant, window, Ranker.dataLevels(category)).thenApply(gathered ->
                answer(tenant, category, window, priority, urgency, gathered, health.byModel(tenant)));
    }

    /** The rankings from gathered figures and the tenant's health. */
    Rankings answer(String tenant, String category, RankingWindow window, Priority priority, Urgency urgency,
                    FiguresGatherer.Gathered gathered, Map<String, ModelHealth> healthByModel) {
        List<String> levels = Ranker.dataLevels(category);
        Priority.Weights weights = urgency.adjust(priority.weights());
        String asOf = Instant.ofEpochMilli(gathered.asOfMs()).toString();
        for (String level : levels) {
            List<RankedModel> ranked = ranker.rank(gathered.at(level), priority, urgency, healthByModel);
            if (!ranked.isEmpty() && ranked.get(0).enoughData()) {
                Basis basis = new Basis(level.equals(category) ? Basis.Source.CATEGORY : Basis.Source.PARENT, level);
                return new Rankings(tenant, category, window.label(), priority.label(), urgency.label(), asOf, basis,
                        ranker.scoring().minSamples(), weights, ranked, List.of());
            }
        }
        List<RankedModel> own = ranker.rank(gathered.at(levels.get(0)), priority, urgency, healthByModel);
        return defaults.forCategory(category)
                .map(rule -> new Rankings(tenant, category, window.label(), priority.label(), urgency.label(), asOf,
                        new Basis(Basis.Source.RULES, rule.category()), ranker.scoring().minSamples(), weights, own,
                        rule.models().stream().map(model -> new Rankings.DefaultModel(model,
                                RankedModel.Health.of(healthByModel.get(model)))).toList()))
                .orElseGet(() -> new Rankings(tenant, category, window.label(), priority.label(), urgency.label(), asOf,
                        new Basis(Basis.Source.NONE, null), ranker.scoring().minSamples(), weights, own, List.of()));
    }
}
