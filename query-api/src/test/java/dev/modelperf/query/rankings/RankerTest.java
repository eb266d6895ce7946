package dev.modelperf.query.rankings;

import static dev.modelperf.query.rankings.Calls.allIn;
import static dev.modelperf.query.rankings.Calls.figures;
import static dev.modelperf.query.rankings.Calls.withQuality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Scoring;
import dev.modelperf.routing.Urgency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sampling, confidence and the cheapest objective, over pooled estimates. */
class RankerTest {

    private static final String API = "code/backend/api";
    private static final int SEEDS = 400;
    private final Ranker ranker = new Ranker(new Scoring(5), new PooledEstimator(10));

    @Test
    void samplingGivesAModelWithFewCallsASizeableShareOfFirstPlaces() {
        ModelFigures newcomer = figures("newcomer", 3, 3, 500.0, 0.001);
        ModelFigures veteran = figures("veteran", 1000, 900, 500.0, 0.001);
        // Beta(4, 1) exceeds 0.9 with probability 1 - 0.9^4 = 0.34.
        assertThat(shareFirst("newcomer", Priority.BALANCED, newcomer, veteran)).isBetween(0.2, 0.5);
        assertThat(rank(best(Priority.BALANCED), newcomer, veteran).get(0).model())
                .as("by the means, the veteran is better").isEqualTo("veteran");
    }

    @Test
    void samplingConvergesOnTheBetterModelAsItsEvidenceGrows() {
        double previous = 1;
        for (int calls : List.of(20, 200, 2000)) {
            ModelFigures better = figures("better", calls, calls * 95L / 100, 500.0, 0.001);
            ModelFigures worse = figures("worse", calls, calls * 80L / 100, 500.0, 0.001);
            double share = shareFirst("worse", Priority.BALANCED, better, worse);
            assertThat(share).as("%d calls each", calls).isLessThanOrEqualTo(previous);
            if (calls == 20) {
                assertThat(share).as("still uncertain at 20 calls").isGreaterThan(0.03);
            }
            previous = share;
        }
        assertThat(previous).as("2,000 calls each").isZero();
    }

    @Test
    void bestIsDeterministicAndASeedReproducesASample() {
        ModelFigures newcomer = figures("newcomer", 3, 3, 500.0, 0.001);
        ModelFigures veteran = figures("veteran", 1000, 900, 500.0, 0.001);
        List<RankedModel> best = rank(best(Priority.BALANCED), newcomer, veteran);
        assertThat(rank(best(Priority.BALANCED), newcomer, veteran)).isEqualTo(best);
        assertThat(best).extracting(RankedModel::draw).containsOnlyNulls();

        List<RankedModel> sampled = rank(sample(Priority.BALANCED, 42), newcomer, veteran);
        assertThat(sampled).extracting(RankedModel::draw).doesNotContainNull();
        assertThat(rank(sample(Priority.BALANCED, 42), newcomer, veteran)).isEqualTo(sampled);
        assertThat(rank(sample(Priority.BALANCED, 43), newcomer, veteran)).extracting(RankedModel::draw)
                .isNotEqualTo(sampled.stream().map(RankedModel::draw).toList());
    }

    @Test
    void aCriticalRequestExploresNothing() {
        ModelFigures newcomer = figures("newcomer", 3, 3, 500.0, 0.001);
        ModelFigures veteran = figures("veteran", 1000, 900, 500.0, 0.001);
        for (long seed = 0; seed < 50; seed++) {
            Ranker.Decision decision = new Ranker.Decision(Priority.BALANCED, Urgency.CRITICAL, DecisionMode.SAMPLE,
                    Objective.SCORE, seed);
            assertThat(rank(decision, newcomer, veteran).get(0).model()).as("seed %d", seed).isEqualTo("veteran");
        }
    }

    @Test
    void confidenceIsTheChanceOfBeingFirstAndSumsToOne() {
        Map<String, Double> uncertain = confidence(figures("newcomer", 3, 3, 500.0, 0.001),
                figures("veteran", 1000, 900, 500.0, 0.001), figures("poor", 1000, 500, 500.0, 0.001));
        assertThat(uncertain.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(0.002));
        assertThat(uncertain.get("veteran")).isGreaterThan(uncertain.get("newcomer"));
        assertThat(uncertain.get("newcomer")).isBetween(0.2, 0.5);
        assertThat(uncertain.get("poor")).isZero();

        Map<String, Double> clear = confidence(figures("proven", 10_000, 9_990, 500.0, 0.001),
                figures("lucky", 5, 5, 500.0, 0.001));
        assertThat(clear.get("proven")).isGreaterThan(0.97);
        assertThat(clear.get("proven") + clear.get("lucky")).isCloseTo(1, within(0.002));
        assertThat(rank(sample(Priority.BALANCED, 7), figures("proven", 10_000, 9_990, 500.0, 0.001),
                figures("lucky", 5, 5, 500.0, 0.001))).extracting(RankedModel::confidence)
                .as("the same confidence whatever the seed of the answer").containsExactly(clear.get("proven"), clear.get("lucky"));
    }

    @Test
    void cheapestPicksTheCheapestModelWithinTheMarginAndUnpricedLast() {
        ModelFigures[] models = cheapestCase();
        assertThat(order(cheapest(null, null), models)).containsExactly("mid", "premium", "unpriced", "budget");
        assertThat(order(cheapest(null, 0.5), models)).containsExactly("budget", "mid", "premium", "unpriced");
    }

    @Test
    void cheapestPicksTheCheapestModelAboveTheFloor() {
        ModelFigures[] models = cheapestCase();
        assertThat(order(cheapest(0.5, null), models)).containsExactly("budget", "mid", "premium", "unpriced");
        assertThat(order(cheapest(0.85, null), models)).containsExactly("mid", "premium", "unpriced", "budget");
        assertThat(order(cheapest(0.87, null), models)).containsExactly("premium", "unpriced", "mid", "budget");
    }

    @Test
    void cheapestFallsBackToTheBestExpectedQualityWhenNoneQualifies() {
        assertThat(order(cheapest(0.95, null), cheapestCase())).containsExactly("premium", "unpriced", "mid", "budget");
    }

    /** Expected quality (success × quality): premium 0.889, unpriced 0.884, mid 0.860, budget 0.569. */
    private static ModelFigures[] cheapestCase() {
        return new ModelFigures[] {
            withQuality(figures("premium", 1000, 990, 500.0, 0.01), 0.9, 500),
            withQuality(figures("mid", 1000, 980, 500.0, 0.002), 0.88, 500),
            withQuality(figures("budget", 1000, 950, 500.0, 0.0002), 0.6, 500),
            withQuality(figures("unpriced", 1000, 985, 500.0, null), 0.9, 500)
        };
    }

    private double shareFirst(String model, Priority priority, ModelFigures... models) {
        int firsts = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            if (rank(sample(priority, seed), models).get(0).model().equals(model)) {
                firsts++;
            }
        }
        return firsts / (double) SEEDS;
    }

    private Map<String, Double> confidence(ModelFigures... models) {
        return rank(best(Priority.BALANCED), models).stream().collect(Collectors.toMap(RankedModel::model, RankedModel::confidence));
    }

    private List<String> order(Ranker.Decision decision, ModelFigures... models) {
        return rank(decision, models).stream().map(RankedModel::model).toList();
    }

    private List<RankedModel> rank(Ranker.Decision decision, ModelFigures... models) {
        return ranker.rank(API, ranker.estimate(API, allIn(API, models)).values(), decision, Map.of());
    }

    private static Ranker.Decision best(Priority priority) {
        return Ranker.Decision.best(priority);
    }

    private static Ranker.Decision sample(Priority priority, long seed) {
        return new Ranker.Decision(priority, Urgency.NORMAL, DecisionMode.SAMPLE, Objective.SCORE, seed);
    }

    private static Ranker.Decision cheapest(Double floor, Double margin) {
        return new Ranker.Decision(Priority.BALANCED, Urgency.NORMAL, DecisionMode.BEST, Objective.cheapest(floor, margin), null);
    }
}
