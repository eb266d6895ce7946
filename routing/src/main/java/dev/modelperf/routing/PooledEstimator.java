package dev.modelperf.routing;

import dev.modelperf.schemas.category.CategoryPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates each model's success rate and quality in a category by partial pooling down the
 * category path: at {@code *} a uniform prior updated with the model's calls outside the next
 * level down; at each level below, the parent's estimate as prior, worth {@code priorStrength}
 * calls, updated with the level's calls outside the next level down (the category itself: all of
 * its calls). A level's figures include those of the levels below it, so each call counts once.
 * A category with a handful of calls stays near what the model does in its parent; one with
 * thousands speaks for itself. A model with no call in the category is judged on its parent's
 * record.
 */
public final class PooledEstimator {

    private final double priorStrength;

    public PooledEstimator(double priorStrength) {
        if (!(priorStrength > 0)) {
            throw new IllegalArgumentException("priorStrength must be positive, got " + priorStrength);
        }
        this.priorStrength = priorStrength;
    }

    public double priorStrength() {
        return priorStrength;
    }

    /**
     * The estimates of every model with calls at some level of {@code category}, in the order met
     * from the category up. {@code figuresByLevel} holds the figures per level of
     * {@link CategoryPath#levels(String)}; a level absent from it has no calls.
     */
    public Map<String, ModelEstimate> estimate(String category, Map<String, List<ModelFigures>> figuresByLevel) {
        List<String> levels = CategoryPath.levels(category);
        Map<String, Map<String, ModelFigures>> byLevel = new LinkedHashMap<>();
        Map<String, ModelFigures> newest = new LinkedHashMap<>();
        for (String level : levels) {
            Map<String, ModelFigures> models = new LinkedHashMap<>();
            for (ModelFigures figures : figuresByLevel.getOrDefault(level, List.of())) {
                models.put(figures.model(), figures);
                newest.putIfAbsent(figures.model(), figures);
            }
            byLevel.put(level, models);
        }
        Map<String, ModelEstimate> estimates = new LinkedHashMap<>();
        for (Map.Entry<String, ModelFigures> model : newest.entrySet()) {
            BetaPosterior success = BetaPosterior.UNIFORM;
            BetaPosterior quality = BetaPosterior.UNIFORM;
            boolean qualityObserved = false;
            String dataLevel = null;
            ModelFigures own = null;
            for (int i = levels.size() - 1; i >= 0; i--) {
                String level = levels.get(i);
                Evidence evidence = i == 0 ? evidence(byLevel.get(level), model.getKey())
                        : outside(evidence(byLevel.get(level), model.getKey()), evidence(byLevel.get(levels.get(i - 1)), model.getKey()));
                boolean root = i == levels.size() - 1;
                success = root ? success.with(evidence.successes(), evidence.calls())
                        : success.childWith(priorStrength, evidence.successes(), evidence.calls());
                quality = root ? quality.with(evidence.qualitySum(), evidence.qualityCount())
                        : quality.childWith(priorStrength, evidence.qualitySum(), evidence.qualityCount());
                qualityObserved |= evidence.qualityCount() > 0;
                ModelFigures figures = byLevel.get(level).get(model.getKey());
                if (figures != null) {
                    dataLevel = level;
                    own = figures;
                }
            }
            estimates.put(model.getKey(), new ModelEstimate(own, success, quality, qualityObserved, dataLevel));
        }
        return estimates;
    }

    private static Evidence evidence(Map<String, ModelFigures> models, String model) {
        return Optional.ofNullable(models.get(model)).map(ModelFigures::evidence).orElse(Evidence.NONE);
    }

    /**
     * A level's evidence less that of its child on the path: the level's figures include the
     * child's calls, which the child's own update counts, so that each call counts once. Ages are
     * counted from each level's own newest call, so the child's calls can weigh a little less in
     * the level than in the child: the difference is kept within 0 and, for successes and quality,
     * within the calls and observations left.
     */
    private static Evidence outside(Evidence level, Evidence child) {
        double calls = Math.max(0, level.calls() - child.calls());
        double qualityCount = Math.max(0, level.qualityCount() - child.qualityCount());
        return new Evidence(calls, Math.min(calls, Math.max(0, level.successes() - child.successes())),
                Math.min(qualityCount, Math.max(0, level.qualitySum() - child.qualitySum())), qualityCount);
    }
}
