package dev.modelperf.routing;

import dev.modelperf.events.ModelHealth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Turns gathered figures into an order: pooled estimates per model, scored by their means
 * ({@code best}) or by one draw from them ({@code sample}), ordered by the objective.
 * {@code confidence} is each model's chance of being first under the objective, from
 * {@value #CONFIDENCE_DRAWS} draws of every model's beliefs with a fixed seed, so the same figures
 * give the same confidence on every instance.
 */
public final class Ranker {

    static final int CONFIDENCE_DRAWS = 256;
    private static final long CONFIDENCE_SEED = 1;

    private final Scoring scoring;
    private final PooledEstimator estimator;

    public Ranker(Scoring scoring, PooledEstimator estimator) {
        this.scoring = scoring;
        this.estimator = estimator;
    }

    public Scoring scoring() {
        return scoring;
    }

    /** The estimates of every model with calls at some level of {@code category}. */
    public Map<String, ModelEstimate> estimate(String category, Map<String, List<ModelFigures>> figuresByLevel) {
        return estimator.estimate(category, figuresByLevel);
    }

    /** {@code candidates} first to last for {@code decision}, in {@code category}. */
    public List<RankedModel> rank(String category, Collection<ModelEstimate> unordered, Decision decision,
                                  Map<String, ModelHealth> health) {
        List<ModelEstimate> candidates = byModel(unordered);
        List<Scored> ordered = scoredInOrder(candidates, decision,
                decision.mode() == DecisionMode.SAMPLE ? decision.random() : null, true);
        Map<String, Double> confidence = confidence(candidates, decision);
        List<RankedModel> ranked = new ArrayList<>(ordered.size());
        for (Scored model : ordered) {
            ModelEstimate estimate = model.estimate();
            ranked.add(RankedModel.of(estimate, model.mean(), model.drawn(), confidence.getOrDefault(estimate.model(), 0.0),
                    estimate.dataLevel().equals(category) && estimate.figures().calls() >= scoring.minSamples(),
                    RankedModel.Health.of(health.get(estimate.model()))));
        }
        return ranked;
    }

    /**
     * The same order as {@link #rank} without the confidence and the answer's figures: what a router
     * deciding on its own request path needs. {@code random} gives the draws in {@code sample} mode
     * (the decision's own, {@link Decision#random()}, to answer exactly as {@code rank} does).
     */
    public List<ModelEstimate> order(Collection<ModelEstimate> unordered, Decision decision, UniformRandomProvider random) {
        boolean sample = decision.mode() == DecisionMode.SAMPLE;
        List<Scored> ordered = scoredInOrder(byModel(unordered), decision, sample ? random : null, !sample);
        List<ModelEstimate> estimates = new ArrayList<>(ordered.size());
        for (Scored model : ordered) {
            estimates.add(model.estimate());
        }
        return estimates;
    }

    /** Draws are taken in model order, so that instances gathering the same figures in another order agree. */
    private static List<ModelEstimate> byModel(Collection<ModelEstimate> unordered) {
        List<ModelEstimate> candidates = new ArrayList<>(unordered);
        candidates.sort(Comparator.comparing(ModelEstimate::model));
        return candidates;
    }

    /**
     * Every candidate scored by one draw when {@code random} is given and by its means when
     * {@code means} (or without a draw), in the objective's order.
     */
    private List<Scored> scoredInOrder(List<ModelEstimate> candidates, Decision decision, UniformRandomProvider random,
                                       boolean means) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (ModelEstimate estimate : candidates) {
            Scoring.Score mean = means || random == null ? scoring.score(estimate, decision.priority(), decision.urgency()) : null;
            Scoring.Score drawn = random == null ? null : draw(estimate, decision, random);
            scored.add(new Scored(estimate, mean, drawn));
        }
        return order(scored, decision.objective(), random != null);
    }

    private Scoring.Score draw(ModelEstimate estimate, Decision decision, UniformRandomProvider random) {
        double successRate = decision.urgency() == Urgency.CRITICAL ? estimate.success().lower(Urgency.CRITICAL_Z)
                : estimate.success().draw(random);
        double quality = estimate.quality().draw(random);
        return scoring.score(estimate, decision.priority(), decision.urgency(), successRate, quality);
    }

    /** Each model's share of first places over draws of every model's beliefs. */
    private Map<String, Double> confidence(List<ModelEstimate> candidates, Decision decision) {
        Map<String, Double> firsts = new HashMap<>();
        if (candidates.isEmpty()) {
            return firsts;
        }
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(CONFIDENCE_SEED);
        for (int i = 0; i < CONFIDENCE_DRAWS; i++) {
            List<Scored> drawn = new ArrayList<>(candidates.size());
            for (ModelEstimate estimate : candidates) {
                drawn.add(new Scored(estimate, null, draw(estimate, decision, random)));
            }
            String first = order(drawn, decision.objective(), true).get(0).estimate().model();
            firsts.merge(first, 1.0 / CONFIDENCE_DRAWS, Double::sum);
        }
        firsts.replaceAll((model, share) -> Math.round(share * 1000) / 1000.0);
        return firsts;
    }

    /** Orders by the objective, judging each model by its draw when {@code byDraw}, else by its means. */
    private static List<Scored> order(List<Scored> scored, Objective objective, boolean byDraw) {
        Comparator<Scored> byCalls = Comparator.comparingLong((Scored s) -> s.estimate().figures().calls()).reversed()
                .thenComparing(s -> s.estimate().model());
        List<Scored> ordered = new ArrayList<>(scored);
        if (objective.kind() == Objective.Kind.SCORE) {
            ordered.sort(Comparator.comparingDouble((Scored s) -> s.judged(byDraw).value()).reversed().thenComparing(byCalls));
            return ordered;
        }
        Comparator<Scored> byExpectedQuality = Comparator.comparingDouble((Scored s) -> s.judged(byDraw).expectedQuality())
                .reversed().thenComparing(byCalls);
        ordered.sort(byExpectedQuality);
        if (ordered.isEmpty()) {
            return ordered;
        }
        double threshold = objective.threshold(ordered.get(0).judged(byDraw).expectedQuality());
        List<Scored> qualifying = new ArrayList<>();
        List<Scored> others = new ArrayList<>();
        for (Scored model : ordered) {
            (model.judged(byDraw).expectedQuality() >= threshold ? qualifying : others).add(model);
        }
        qualifying.sort(Comparator.comparing((Scored s) -> s.estimate().figures().costPerSuccessUsd(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byExpectedQuality));
        qualifying.addAll(others);
        return qualifying;
    }

    private record Scored(ModelEstimate estimate, Scoring.Score mean, Scoring.Score drawn) {

        Scoring.Score judged(boolean byDraw) {
            return byDraw ? drawn : mean;
        }
    }

    /**
     * What the caller asked for. {@code seed} makes a {@code sample} answer reproducible; without
     * one each answer draws afresh.
     */
    public record Decision(Priority priority, Urgency urgency, DecisionMode mode, Objective objective, Long seed) {

        public static Decision best(Priority priority) {
            return new Decision(priority, Urgency.NORMAL, DecisionMode.BEST, Objective.SCORE, null);
        }

        /** The draws of this decision: from {@code seed} when given, else fresh. */
        public UniformRandomProvider random() {
            return seed == null ? RandomSource.XO_RO_SHI_RO_128_PP.create() : RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        }
    }
}
