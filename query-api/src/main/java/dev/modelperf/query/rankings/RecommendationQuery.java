package dev.modelperf.query.rankings;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.query.health.HealthQuery;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Picks the model a router should call. Candidates come from the category's own data, then its
 * parents', then the rule table, each level's models best first; a BLACKLISTED model is never a
 * candidate, and a DEGRADED one comes after every healthy one, flagged.
 */
public final class RecommendationQuery {

    /** Models tried after the best one, at most. */
    static final int FALLBACKS = 3;

    private final FiguresGatherer figures;
    private final HealthQuery health;
    private final Ranker ranker;
    private final RoutingDefaults defaults;

    public RecommendationQuery(FiguresGatherer figures, HealthQuery health, Ranker ranker, RoutingDefaults defaults) {
        this.figures = figures;
        this.health = health;
        this.ranker = ranker;
        this.defaults = defaults;
    }

    public CompletableFuture<Recommendation> recommend(String tenant, String category, RankingWindow window, Priority priority,
                                                       Urgency urgency, Set<String> exclude) {
        List<String> levels = Ranker.dataLevels(category);
        return figures.gather(tenant, window, levels).thenApply(gathered ->
                answer(tenant, category, window, priority, urgency, exclude, gathered, health.byModel(tenant)));
    }

    /** The recommendation from gathered figures and the tenant's health. */
    Recommendation answer(String tenant, String category, RankingWindow window, Priority priority, Urgency urgency,
                          Set<String> exclude, FiguresGatherer.Gathered gathered, Map<String, ModelHealth> healthByModel) {
        List<String> levels = Ranker.dataLevels(category);
        Map<String, Recommendation.Choice> candidates = new LinkedHashMap<>();
        for (String level : levels) {
            Basis.Source source = level.equals(category) ? Basis.Source.CATEGORY : Basis.Source.PARENT;
            for (RankedModel ranked : ranker.rank(gathered.at(level), priority, urgency, healthByModel)) {
                if (ranked.enoughData()) {
                    candidates.putIfAbsent(ranked.model(), Recommendation.Choice.of(ranked, source, level));
                }
            }
        }
        defaults.forCategory(category).ifPresent(rule -> rule.models().forEach(model -> candidates.putIfAbsent(model,
                Recommendation.Choice.ofRule(model, rule.category(), RankedModel.Health.of(healthByModel.get(model))))));

        List<Recommendation.Skipped> skipped = new ArrayList<>();
        List<Recommendation.Choice> healthy = new ArrayList<>();
        List<Recommendation.Choice> degraded = new ArrayList<>();
        for (Recommendation.Choice choice : candidates.values()) {
            if (exclude.contains(choice.model())) {
                skipped.add(new Recommendation.Skipped(choice.model(), "excluded by the request"));
            } else if (choice.health() == HealthStatus.BLACKLISTED) {
                ModelHealth entry = healthByModel.get(choice.model());
                skipped.add(new Recommendation.Skipped(choice.model(), "blacklisted"
                        + (entry.getBlacklistedUntil() == null ? "" : " until " + entry.getBlacklistedUntil())));
            } else if (choice.degraded()) {
                degraded.add(choice);
            } else {
                healthy.add(choice);
            }
        }
        List<Recommendation.Choice> ordered = new ArrayList<>(healthy);
        ordered.addAll(degraded);
        String asOf = Instant.ofEpochMilli(gathered.asOfMs()).toString();
        if (ordered.isEmpty()) {
            String why = candidates.isEmpty()
                    ? "no model has " + ranker.scoring().minSamples() + " calls in " + category + " or its parents over "
                      + window.label() + " and the rule table has no default for it"
                    : "every candidate is blacklisted or excluded";
            return new Recommendation(tenant, category, window.label(), priority.label(), urgency.label(), asOf, null,
                    List.of(), 0, new Basis(Basis.Source.NONE, null), "No model can be recommended: " + why + ".", skipped);
        }
        Recommendation.Choice best = ordered.get(0);
        List<Recommendation.Choice> fallbacks = List.copyOf(ordered.subList(1, Math.min(ordered.size(), 1 + FALLBACKS)));
        return new Recommendation(tenant, category, window.label(), priority.label(), urgency.label(), asOf, best,
                fallbacks, best.confidence() == null ? 0 : best.confidence(), new Basis(best.source(), best.category()),
                reason(best, category, window, priority, urgency), skipped);
    }

    private String reason(Recommendation.Choice best, String category, RankingWindow window, Priority priority, Urgency urgency) {
        StringBuilder reason = new StringBuilder(best.model());
        if (best.source() == Basis.Source.RULES) {
            reason.append(" is the rule table's default for ").append(best.category()).append(", because no healthy model has ")
                    .append(ranker.scoring().minSamples()).append(" calls in ").append(category)
                    .append(CategoryPath.depth(category) > 1 ? " or its parents" : "").append(" over ").append(window.label());
        } else {
            reason.append(" has the best ").append(priority.label()).append(" score");
            if (urgency != Urgency.NORMAL) {
                reason.append(" for ").append(urgency.label()).append(" requests");
            }
            reason.append(" (").append(String.format(Locale.ROOT, "%.1f", best.score())).append(") in ").append(best.category())
                    .append(" over ").append(window.label()).append(": ")
                    .append(String.format(Locale.ROOT, "%.1f %% of %d calls succeeded", 100 * best.successRate(), best.samples()));
            if (best.latencyP95Ms() != null) {
                reason.append(String.format(Locale.ROOT, ", p95 %.0f ms", best.latencyP95Ms()));
            }
            if (best.costPerSuccessUsd() != null) {
                reason.append(String.format(Locale.ROOT, ", $%.5f per successful call", best.costPerSuccessUsd()));
            }
            if (best.source() == Basis.Source.PARENT) {
                reason.append(" (").append(category).append(" itself has no healthy model with ")
                        .append(ranker.scoring().minSamples()).append(" calls)");
            }
        }
        if (best.degraded()) {
            reason.append("; it is DEGRADED and offered only because every healthy candidate is blacklisted or excluded");
        }
        return reason.append('.').toString();
    }
}
