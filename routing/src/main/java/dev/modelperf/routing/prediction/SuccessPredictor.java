package dev.modelperf.routing.prediction;

import dev.modelperf.events.Complexity;
import dev.modelperf.routing.Basis;
import dev.modelperf.routing.BetaPosterior;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Predicts whether a task succeeds with a model before calling it, from the beliefs the decision
 * policy keeps: the model's success and quality in the category, pooled down the category path by
 * {@link PooledEstimator}, multiplied (success = the call returns OK and, where quality is observed,
 * the answer is good).
 *
 * <p>Complexity enters as a shift of the log-odds, the same for every category of the model: the
 * model's success rate at that complexity against its rate at every complexity, both over all the
 * tenant's calls of the model (the {@code *} level). The rate at a complexity has the overall rate
 * as prior worth {@code priorStrength} calls, so that a complexity seen a few times shifts little,
 * and the shift's uncertainty widens the interval. Complexity {@code UNKNOWN}, or none, asks for
 * the rate over every call whatever its complexity: no shift.
 */
public final class SuccessPredictor {

    /** The normal quantile of the 95 % interval. */
    static final double Z95 = 1.959964;

    private final PooledEstimator estimator;

    public SuccessPredictor(PooledEstimator estimator) {
        this.estimator = estimator;
    }

    /**
     * The prediction for {@code model} in {@code category} at {@code complexity} (null: not given),
     * from the figures per level of {@link CategoryPath#levels(String)} of the category.
     */
    public SuccessPrediction predict(String category, String model, Complexity complexity,
                                     Map<String, List<ModelFigures>> figuresByLevel) {
        List<String> path = CategoryPath.levels(category);
        List<SuccessPrediction.LevelCalls> levels = new ArrayList<>(path.size());
        for (String level : path) {
            levels.add(new SuccessPrediction.LevelCalls(level, figuresOf(figuresByLevel, level, model).map(ModelFigures::calls).orElse(0L)));
        }
        String complexityLabel = complexity == null ? null : complexity.name();
        ModelEstimate estimate = estimator.estimate(category, figuresByLevel).get(model);
        if (estimate == null) {
            SuccessRate prior = SuccessRate.of(BetaPosterior.UNIFORM, null);
            return answer(category, model, complexityLabel, prior, null, new Basis(Basis.Source.NONE, null), 0, levels, false,
                    "No call of " + model + " in " + category + " or a parent category in the window: the uniform prior");
        }
        boolean qualityObserved = estimate.qualityObserved();
        SuccessRate rate = SuccessRate.of(estimate.success(), qualityObserved ? estimate.quality() : null);
        Basis basis = new Basis(estimate.dataLevel().equals(category) ? Basis.Source.CATEGORY : Basis.Source.PARENT,
                estimate.dataLevel());
        SuccessPrediction.ComplexityShift shift = complexity == null || complexity == Complexity.UNKNOWN ? null
                : shift(figuresOf(figuresByLevel, CategoryPath.ROOT, model).orElse(estimate.figures()), complexity);
        String reason = (basis.source() == Basis.Source.CATEGORY ? estimate.figures().calls() + " calls of the model in the category"
                : "No call of the model in " + category + ": " + estimate.figures().calls() + " calls in " + basis.category())
                + (qualityObserved ? ", success counting answer quality" : ", success = status OK (no quality observed)")
                + (shift == null ? "" : ", shifted for " + complexity + " complexity by " + shift.calls() + " calls of it");
        return answer(category, model, complexityLabel, rate, shift, basis,
                estimate.figures().calls(), levels, qualityObserved, reason);
    }

    private SuccessPrediction answer(String category, String model, String complexity, SuccessRate rate,
                                     SuccessPrediction.ComplexityShift shift, Basis basis, long samples,
                                     List<SuccessPrediction.LevelCalls> levels, boolean qualityObserved, String reason) {
        double logOdds = rate.logOdds() + (shift == null ? 0 : shift.logOdds());
        double sdLogOdds = Math.sqrt(rate.logOddsVariance() + (shift == null ? 0 : shift.sd() * shift.sd()));
        double probability = shift == null ? rate.mean() : SuccessRate.logistic(logOdds);
        double slope = probability * (1 - probability);
        SuccessPrediction.Interval interval = new SuccessPrediction.Interval(SuccessRate.logistic(logOdds - Z95 * sdLogOdds),
                SuccessRate.logistic(logOdds + Z95 * sdLogOdds), 0.95);
        return new SuccessPrediction(model, category, complexity, probability, shift == null ? Math.sqrt(rate.variance()) : slope * sdLogOdds,
                interval, basis, samples, List.copyOf(levels), estimator.priorStrength(), qualityObserved, shift, reason);
    }

    /** The log-odds shift of {@code complexity} in the model's calls of every category. */
    private SuccessPrediction.ComplexityShift shift(ModelFigures everywhere, Complexity complexity) {
        Evidence all = Evidence.NONE;
        for (Complexity each : Complexity.values()) {
            all = all.plus(everywhere.of(each));
        }
        Evidence own = everywhere.of(complexity);
        boolean quality = all.qualityCount() > 0;
        BetaPosterior okAll = BetaPosterior.UNIFORM.with(all.successes(), all.calls());
        BetaPosterior goodAll = quality ? BetaPosterior.UNIFORM.with(all.qualitySum(), all.qualityCount()) : null;
        SuccessRate overall = SuccessRate.of(okAll, goodAll);
        double strength = estimator.priorStrength();
        SuccessRate atComplexity = SuccessRate.of(okAll.childWith(strength, own.successes(), own.calls()),
                quality ? goodAll.childWith(strength, own.qualitySum(), own.qualityCount()) : null);
        return new SuccessPrediction.ComplexityShift(Math.round(own.calls()), atComplexity.logOdds() - overall.logOdds(),
                Math.sqrt(atComplexity.logOddsVariance()), atComplexity.mean(), overall.mean());
    }

    private static Optional<ModelFigures> figuresOf(Map<String, List<ModelFigures>> figuresByLevel, String level, String model) {
        return figuresByLevel.getOrDefault(level, List.of()).stream().filter(f -> f.model().equals(model)).findFirst();
    }
}
