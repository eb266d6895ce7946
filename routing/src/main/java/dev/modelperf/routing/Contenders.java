package dev.modelperf.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Estimates made ready to be ranked again and again: in model order (the order draws are taken
 * in), each belief's Beta sampler built once, and what a score takes from the figures alone — the
 * success rate's low end, the speed part per urgency, the cost part — worked out once. A router
 * keeps these per category; the server prepares them per answer.
 */
public final class Contenders {

    /** Only to build the samplers: each draw runs them on the decision's own generator. */
    private static final UniformRandomProvider UNUSED = RandomSource.SPLIT_MIX_64.create(0);

    private final ModelEstimate[] estimates;
    private final SharedStateContinuousSampler[] success;
    private final SharedStateContinuousSampler[] quality;
    private final double[] successMean;
    private final double[] successLow;
    private final double[] qualityMean;
    private final boolean[] qualityObserved;
    /** Per urgency (ordinal), per model. */
    private final double[][] speedPart;
    private final double[] costPart;
    /** Cost per successful call, {@code +∞} when unpriced (last when the cheapest goes first). */
    private final double[] cost;
    private final long[] calls;

    private Contenders(List<ModelEstimate> byModel) {
        int n = byModel.size();
        estimates = byModel.toArray(ModelEstimate[]::new);
        success = new SharedStateContinuousSampler[n];
        quality = new SharedStateContinuousSampler[n];
        successMean = new double[n];
        successLow = new double[n];
        qualityMean = new double[n];
        qualityObserved = new boolean[n];
        speedPart = new double[Urgency.values().length][n];
        costPart = new double[n];
        cost = new double[n];
        calls = new long[n];
        for (int i = 0; i < n; i++) {
            ModelEstimate estimate = estimates[i];
            ModelFigures figures = estimate.figures();
            success[i] = sampler(estimate.success());
            quality[i] = sampler(estimate.quality());
            successMean[i] = estimate.success().mean();
            successLow[i] = estimate.success().lower(Urgency.CRITICAL_Z);
            qualityMean[i] = estimate.quality().mean();
            qualityObserved[i] = estimate.qualityObserved();
            for (Urgency urgency : Urgency.values()) {
                Double latency = urgency.latencyMs(figures);
                speedPart[urgency.ordinal()][i] = latency == null ? Scoring.NEUTRAL : Scoring.speedScore(latency);
            }
            Double costPerSuccess = figures.costPerSuccessUsd();
            costPart[i] = costPerSuccess == null ? Scoring.NEUTRAL : Scoring.costScore(costPerSuccess);
            cost[i] = costPerSuccess == null ? Double.POSITIVE_INFINITY : costPerSuccess;
            calls[i] = figures.calls();
        }
    }

    /** {@code estimates} (one per model) made ready for ranking. */
    public static Contenders of(Collection<ModelEstimate> estimates) {
        List<ModelEstimate> byModel = new ArrayList<>(estimates);
        byModel.sort(Comparator.comparing(ModelEstimate::model));
        return new Contenders(byModel);
    }

    private static SharedStateContinuousSampler sampler(BetaPosterior belief) {
        return ChengBetaSampler.of(UNUSED, belief.alpha(), belief.beta());
    }

    public int size() {
        return estimates.length;
    }

    /** The {@code i}-th model's estimate, in model order. */
    public ModelEstimate get(int i) {
        return estimates[i];
    }

    /** The estimates, in model order. */
    public List<ModelEstimate> estimates() {
        return List.of(estimates);
    }

    double drawSuccess(int i, UniformRandomProvider random) {
        return success[i].withUniformRandomProvider(random).sample();
    }

    double drawQuality(int i, UniformRandomProvider random) {
        return quality[i].withUniformRandomProvider(random).sample();
    }

    double successMean(int i) {
        return successMean[i];
    }

    double successLow(int i) {
        return successLow[i];
    }

    double qualityMean(int i) {
        return qualityMean[i];
    }

    boolean qualityObserved(int i) {
        return qualityObserved[i];
    }

    double speedPart(Urgency urgency, int i) {
        return speedPart[urgency.ordinal()][i];
    }

    double costPart(int i) {
        return costPart[i];
    }

    double cost(int i) {
        return cost[i];
    }

    long calls(int i) {
        return calls[i];
    }
}
