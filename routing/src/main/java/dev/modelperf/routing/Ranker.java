package dev.modelperf.routing;

import dev.modelperf.events.ModelHealth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);
    /** The weights of each priority (ordinal) under each urgency (ordinal). */
    private static final Priority.Weights[][] WEIGHTS = weights();

    private final Scoring scoring;
    private final PooledEstimator estimator;

    public Ranker(Scoring scoring, PooledEstimator estimator) {
        this.scoring = scoring;
        this.estimator = estimator;
    }

    private static Priority.Weights[][] weights() {
        Priority.Weights[][] weights = new Priority.Weights[Priority.values().length][Urgency.values().length];
        for (Priority priority : Priority.values()) {
            for (Urgency urgency : Urgency.values()) {
                weights[priority.ordinal()][urgency.ordinal()] = urgency.adjust(priority.weights());
            }
        }
        return weights;
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
        Contenders contenders = Contenders.of(unordered);
        int count = contenders.size();
        if (count == 0) {
            return List.of();
        }
        int[] everyone = everyone(count);
        boolean sample = decision.mode() == DecisionMode.SAMPLE;
        Work work = rankInto(contenders, everyone, count, decision, sample ? decision.random() : null);
        int[] ordered = Arrays.copyOf(work.order, count);
        double[] drawnSuccess = sample ? Arrays.copyOf(work.successRate, count) : null;
        double[] drawnQuality = sample ? Arrays.copyOf(work.quality, count) : null;
        double[] confidence = confidence(contenders, everyone, decision);
        List<RankedModel> ranked = new ArrayList<>(count);
        for (int i : ordered) {
            ModelEstimate estimate = contenders.get(i);
            Scoring.Score mean = scoring.score(estimate, decision.priority(), decision.urgency());
            Scoring.Score drawn = sample
                    ? scoring.score(estimate, decision.priority(), decision.urgency(), drawnSuccess[i], drawnQuality[i]) : null;
            ranked.add(RankedModel.of(estimate, mean, drawn, confidence[i],
                    estimate.dataLevel().equals(category) && estimate.figures().calls() >= scoring.minSamples(),
                    RankedModel.Health.of(health.get(estimate.model()))));
        }
        return ranked;
    }

    /**
     * The order of {@link #rank} without the confidence and the answer's figures: what a router
     * deciding on its own request path needs. Ranks the contenders at {@code members[0..count)}
     * (indices into {@code contenders}, ascending: draws are taken in model order), judged in
     * {@code sample} mode by one draw from {@code random}, else by their means; pass the decision's
     * own generator, {@link Decision#random()}, to answer exactly as {@code rank} does. Returns the
     * ranked indices in the first {@code count} places of an array this thread reuses: read it
     * before ranking again.
     */
    public int[] order(Contenders contenders, int[] members, int count, Decision decision, UniformRandomProvider random) {
        return rankInto(contenders, members, count, decision, decision.mode() == DecisionMode.SAMPLE ? random : null).order;
    }

    private static int[] everyone(int count) {
        int[] everyone = new int[count];
        for (int i = 0; i < count; i++) {
            everyone[i] = i;
        }
        return everyone;
    }

    /**
     * Judges each member once — its success rate (the low end for critical requests, else drawn or
     * the mean) then its quality (drawn or the mean) — and orders them by the objective.
     */
    private Work rankInto(Contenders contenders, int[] members, int count, Decision decision, UniformRandomProvider random) {
        Work work = WORK.get().fit(contenders.size(), count);
        Urgency urgency = decision.urgency();
        Priority.Weights weights = WEIGHTS[decision.priority().ordinal()][urgency.ordinal()];
        boolean critical = urgency == Urgency.CRITICAL;
        boolean byScore = decision.objective().kind() == Objective.Kind.SCORE;
        for (int k = 0; k < count; k++) {
            int i = members[k];
            double successRate;
            double quality;
            if (random == null) {
                successRate = critical ? contenders.successLow(i) : contenders.successMean(i);
                quality = contenders.qualityMean(i);
            } else {
                successRate = critical ? contenders.successLow(i) : contenders.drawSuccess(i, random);
                quality = contenders.drawQuality(i, random);
            }
            boolean observed = contenders.qualityObserved(i);
            work.successRate[i] = successRate;
            work.quality[i] = quality;
            work.expectedQuality[i] = observed ? successRate * quality : successRate;
            if (byScore) {
                work.value[i] = Scoring.value(weights, successRate, observed ? 100 * quality : Scoring.NEUTRAL,
                        contenders.speedPart(urgency, i), contenders.costPart(i));
            }
            work.order[k] = i;
        }
        if (byScore) {
            sort(work.order, 0, count, contenders, work, By.SCORE);
            return work;
        }
        sort(work.order, 0, count, contenders, work, By.EXPECTED_QUALITY);
        if (count == 0) {
            return work;
        }
        // Those within reach of the best, cheapest first; then the others, by expected quality.
        double threshold = decision.objective().threshold(work.expectedQuality[work.order[0]]);
        int qualifying = 0;
        int others = 0;
        for (int k = 0; k < count; k++) {
            int i = work.order[k];
            if (work.expectedQuality[i] >= threshold) {
                work.order[qualifying++] = i;
            } else {
                work.others[others++] = i;
            }
        }
        System.arraycopy(work.others, 0, work.order, qualifying, others);
        sort(work.order, 0, qualifying, contenders, work, By.COST);
        return work;
    }

    /** An insertion sort: a few dozen models at most, in a total order (the model name breaks every tie). */
    private static void sort(int[] order, int from, int to, Contenders contenders, Work work, By by) {
        for (int k = from + 1; k < to; k++) {
            int model = order[k];
            int j = k - 1;
            while (j >= from && compare(order[j], model, contenders, work, by) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = model;
        }
    }

    /**
     * Higher score (or expected quality) first, or the cheaper first and then the higher expected
     * quality; ties go to the model with more calls, then to the first by name.
     */
    private static int compare(int a, int b, Contenders contenders, Work work, By by) {
        int compared = switch (by) {
            case SCORE -> Double.compare(work.value[b], work.value[a]);
            case EXPECTED_QUALITY -> Double.compare(work.expectedQuality[b], work.expectedQuality[a]);
            case COST -> {
                int byCost = Double.compare(contenders.cost(a), contenders.cost(b));
                yield byCost != 0 ? byCost : Double.compare(work.expectedQuality[b], work.expectedQuality[a]);
            }
        };
        if (compared != 0) {
            return compared;
        }
        compared = Long.compare(contenders.calls(b), contenders.calls(a));
        return compared != 0 ? compared : Integer.compare(a, b);
    }

    /** Each contender's share of first places over draws of every one's beliefs, by index. */
    private double[] confidence(Contenders contenders, int[] everyone, Decision decision) {
        int count = contenders.size();
        int[] firsts = new int[count];
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(CONFIDENCE_SEED);
        for (int draw = 0; draw < CONFIDENCE_DRAWS; draw++) {
            firsts[rankInto(contenders, everyone, count, decision, random).order[0]]++;
        }
        double[] shares = new double[count];
        for (int i = 0; i < count; i++) {
            shares[i] = Math.round((double) firsts[i] / CONFIDENCE_DRAWS * 1000) / 1000.0;
        }
        return shares;
    }

    /** What {@link #sort} orders by. */
    private enum By { SCORE, EXPECTED_QUALITY, COST }

    /** A thread's working arrays, by contender index (the order by place), grown as needed. */
    private static final class Work {

        double[] successRate = new double[0];
        double[] quality = new double[0];
        double[] expectedQuality = new double[0];
        double[] value = new double[0];
        int[] order = new int[0];
        int[] others = new int[0];

        Work fit(int contenders, int members) {
            if (successRate.length < contenders) {
                successRate = new double[contenders];
                quality = new double[contenders];
                expectedQuality = new double[contenders];
                value = new double[contenders];
            }
            if (order.length < members) {
                order = new int[members];
                others = new int[members];
            }
            return this;
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
