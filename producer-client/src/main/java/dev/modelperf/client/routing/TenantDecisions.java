package dev.modelperf.client.routing;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.Contenders;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Urgency;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tenant's decision figures per category level and its models' health, immutable. The pooled
 * estimates of a category are computed once, on the first request for it, and kept ready to rank
 * with the figures they came from: a request is then a lookup, a draw per candidate and a sort of
 * a few numbers.
 */
final class TenantDecisions {

    static final TenantDecisions EMPTY = new TenantDecisions(Map.of(), Map.of(), new ConcurrentHashMap<>(),
            new ConcurrentHashMap<>());

    private final Map<String, List<ModelFigures>> byLevel;
    private final Map<String, ModelHealth> health;
    private final ConcurrentHashMap<String, Category> categories;
    /** Orders by the estimates' means, which do not depend on which other models are candidates. */
    private final ConcurrentHashMap<BestKey, int[]> bestOrders;

    private TenantDecisions(Map<String, List<ModelFigures>> byLevel, Map<String, ModelHealth> health,
                            ConcurrentHashMap<String, Category> categories, ConcurrentHashMap<BestKey, int[]> bestOrders) {
        this.byLevel = byLevel;
        this.health = health;
        this.categories = categories;
        this.bestOrders = bestOrders;
    }

    /** {@code figures}: per level, per model. */
    static TenantDecisions of(Map<String, Map<String, ModelFigures>> figures, Map<String, ModelHealth> health) {
        Map<String, List<ModelFigures>> byLevel = new LinkedHashMap<>();
        figures.forEach((level, models) -> {
            if (!models.isEmpty()) {
                List<ModelFigures> list = new ArrayList<>(models.values());
                list.sort(Comparator.comparing(ModelFigures::model));
                byLevel.put(level, List.copyOf(list));
            }
        });
        return new TenantDecisions(Map.copyOf(byLevel), Map.copyOf(health), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    /** The same figures (and estimates) with other health. */
    TenantDecisions withHealth(Map<String, ModelHealth> health) {
        return new TenantDecisions(byLevel, Map.copyOf(health), categories, bestOrders);
    }

    Map<String, ModelHealth> health() {
        return health;
    }

    /** The pooled estimates of every model with calls at some level of {@code category}, ready to rank. */
    Category category(String category, PooledEstimator estimator) {
        Category cached = categories.get(category);
        if (cached != null) {
            return cached;
        }
        Map<String, List<ModelFigures>> levels = new LinkedHashMap<>();
        for (String level : CategoryPath.levels(category)) {
            List<ModelFigures> models = byLevel.get(level);
            if (models != null) {
                levels.put(level, models);
            }
        }
        Category computed = Category.of(Contenders.of(estimator.estimate(category, levels).values()));
        Category raced = categories.putIfAbsent(category, computed);
        return raced != null ? raced : computed;
    }

    /**
     * Every contender of {@code category} (by index) in the order of {@code mode=best} with the score
     * objective, computed once: that order compares each model's own means only, so the order of
     * any subset (the healthy ones, the DEGRADED ones, those not excluded) is this order filtered.
     */
    int[] bestOrder(String category, Category contenders, Ranker.Decision decision, Ranker ranker) {
        BestKey key = new BestKey(category, decision.priority(), decision.urgency());
        int[] cached = bestOrders.get(key);
        if (cached != null) {
            return cached;
        }
        int count = contenders.contenders().size();
        int[] everyone = new int[count];
        for (int i = 0; i < count; i++) {
            everyone[i] = i;
        }
        int[] ordered = Arrays.copyOf(ranker.order(contenders.contenders(), everyone, count, decision, null), count);
        bestOrders.putIfAbsent(key, ordered);
        return ordered;
    }

    /** A category's contenders and, by the same index, each one's answer entry as healthy and as DEGRADED. */
    record Category(Contenders contenders, Decision.Candidate[] healthy, Decision.Candidate[] degraded) {

        static Category of(Contenders contenders) {
            int count = contenders.size();
            Decision.Candidate[] healthy = new Decision.Candidate[count];
            Decision.Candidate[] degraded = new Decision.Candidate[count];
            for (int i = 0; i < count; i++) {
                ModelEstimate estimate = contenders.get(i);
                healthy[i] = new Decision.Candidate(estimate.model(), estimate.figures().provider(), false);
                degraded[i] = new Decision.Candidate(estimate.model(), estimate.figures().provider(), true);
            }
            return new Category(contenders, healthy, degraded);
        }
    }

    private record BestKey(String category, Priority priority, Urgency urgency) {
    }
}
