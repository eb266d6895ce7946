package dev.modelperf.query.rankings;

import static dev.modelperf.query.rankings.Calls.allIn;
import static dev.modelperf.query.rankings.Calls.figures;
import static dev.modelperf.query.rankings.Calls.withQuality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.routing.BetaPosterior;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Partial pooling down the category path. As in the stores, a parent level's figures include the
 * calls of every category below it.
 */
class PooledEstimatorTest {

    private final PooledEstimator estimator = new PooledEstimator(10);

    @Test
    void aSubcategoryWithAFewCallsStaysNearItsParent() {
        // code: 5,000 calls at 86 %; 3 of them in code/rare, 1 a success.
        Map<String, List<ModelFigures>> levels = Map.of(
                "code/rare", List.of(figures("m", 3, 1, 500.0, null)),
                "code", List.of(figures("m", 5000, 4300, 500.0, null)),
                "*", List.of(figures("m", 5000, 4300, 500.0, null)));
        ModelEstimate rare = estimator.estimate("code/rare", levels).get("m");
        assertThat(rare.success().mean()).as("10 calls' worth of 86 %% and 1 of 3").isCloseTo((8.6 + 1) / 13, within(0.001));
        assertThat(rare.dataLevel()).isEqualTo("code/rare");
        assertThat(rare.figures().calls()).as("the figures shown are the category's own").isEqualTo(3);
    }

    @Test
    void aSubcategoryWithThousandsOfCallsSpeaksForItself() {
        Map<String, List<ModelFigures>> levels = Map.of(
                "code/busy", List.of(figures("m", 3000, 2100, 500.0, null)),
                "code", List.of(figures("m", 10_000, 9000, 500.0, null)),
                "*", List.of(figures("m", 10_000, 9000, 500.0, null)));
        assertThat(estimator.estimate("code/busy", levels).get("m").success().mean()).isCloseTo(0.70, within(0.002));
        assertThat(estimator.estimate("code", levels).get("m").success().mean()).isCloseTo(0.90, within(0.001));
    }

    @Test
    void aModelWithoutCallsInTheCategoryIsJudgedOnItsParent() {
        Map<String, List<ModelFigures>> levels = Map.of(
                "code/backend/api", List.of(figures("local", 50, 45, 500.0, null)),
                "code/backend", List.of(figures("local", 50, 45, 500.0, null), figures("elsewhere", 400, 380, 500.0, null)),
                "code", List.of(figures("local", 50, 45, 500.0, null), figures("elsewhere", 400, 380, 500.0, null)),
                "*", List.of(figures("local", 50, 45, 500.0, null), figures("elsewhere", 400, 380, 500.0, null)));
        Map<String, ModelEstimate> estimates = estimator.estimate("code/backend/api", levels);
        assertThat(estimates).containsOnlyKeys("local", "elsewhere");
        ModelEstimate elsewhere = estimates.get("elsewhere");
        assertThat(elsewhere.dataLevel()).isEqualTo("code/backend");
        assertThat(elsewhere.figures().calls()).isEqualTo(400);
        assertThat(elsewhere.success().mean())
                .isCloseTo(estimator.estimate("code/backend", levels).get("elsewhere").success().mean(), within(1e-12));
        assertThat(elsewhere.success().mean()).isCloseTo(381.0 / 402, within(1e-9));
    }

    @Test
    void callsAreCountedOnceThoughEveryLevelAboveHoldsThem() {
        // 5/5, all in code/backend/api: as sure as 5/5 on a uniform prior, Beta(6, 1), not more.
        ModelEstimate lucky = estimator.estimate("code/backend/api",
                allIn("code/backend/api", figures("lucky", 5, 5, 500.0, null))).get("lucky");
        assertThat(lucky.success().mean()).isCloseTo(6.0 / 7, within(1e-9));
        assertThat(lucky.success().sd()).isCloseTo(BetaPosterior.UNIFORM.with(5, 5).sd(), within(1e-9));
    }

    @Test
    void thePriorIsWorthAtMostWhatTheParentRestsOn() {
        BetaPosterior parent = BetaPosterior.UNIFORM.with(1, 1);
        BetaPosterior unchanged = parent.childWith(10, 0, 0);
        assertThat(unchanged.alpha() + unchanged.beta()).as("3 observations' worth, not 10").isCloseTo(3, within(1e-9));
        assertThat(unchanged.mean()).isCloseTo(2.0 / 3, within(1e-9));
        BetaPosterior solid = new BetaPosterior(800, 200);
        BetaPosterior child = solid.childWith(10, 0, 3);
        assertThat(child.alpha()).isCloseTo(8, within(1e-9));
        assertThat(child.beta()).isCloseTo(2 + 3, within(1e-9));

        // code has a single call of the model (a success): code/x's 4 failures outweigh it.
        Map<String, List<ModelFigures>> levels = Map.of(
                "code/x", List.of(figures("m", 4, 0, 500.0, null)),
                "code", List.of(figures("m", 5, 1, 500.0, null)),
                "*", List.of(figures("m", 5, 1, 500.0, null)));
        assertThat(estimator.estimate("code/x", levels).get("m").success().mean()).isLessThan(0.5);
    }

    @Test
    void qualityIsPooledTheSameWay() {
        Map<String, List<ModelFigures>> levels = Map.of(
                "code/rare", List.of(withQuality(figures("m", 3, 3, 500.0, null), 0.0, 2)),
                "code", List.of(withQuality(figures("m", 3000, 2900, 500.0, null), 0.9, 1000)),
                "*", List.of(withQuality(figures("m", 3000, 2900, 500.0, null), 0.9, 1000)));
        ModelEstimate rare = estimator.estimate("code/rare", levels).get("m");
        assertThat(rare.qualityObserved()).isTrue();
        assertThat(rare.quality().mean()).as("10 observations' worth of 0.9 and 2 of 0").isCloseTo(9.0 / 12, within(0.002));

        Map<String, List<ModelFigures>> onlyAbove = Map.of(
                "code/rare", List.of(figures("m", 3, 3, 500.0, null)),
                "code", List.of(withQuality(figures("m", 3000, 2900, 500.0, null), 0.9, 1000)),
                "*", List.of(withQuality(figures("m", 3000, 2900, 500.0, null), 0.9, 1000)));
        ModelEstimate scoredAbove = estimator.estimate("code/rare", onlyAbove).get("m");
        assertThat(scoredAbove.qualityObserved()).as("scored in the parent").isTrue();
        assertThat(scoredAbove.quality().mean()).isCloseTo(0.9, within(0.002));
    }

    @Test
    void qualityIsNotObservedWithoutAnyQualityData() {
        ModelEstimate unscored = estimator.estimate("code/backend", allIn("code/backend", figures("m", 100, 90, 500.0, null)))
                .get("m");
        assertThat(unscored.qualityObserved()).isFalse();
        assertThat(unscored.quality()).isEqualTo(BetaPosterior.UNIFORM);
    }

    @Test
    void aPriorStrengthMustBePositive() {
        assertThatThrownBy(() -> new PooledEstimator(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priorStrength");
    }

    @Test
    void aParentThatWeighsTheChildsCallsLessStillGivesAnEstimate() {
        // The parent's newest call is more recent than the child's, so it weighs the child's calls less.
        ModelFigures child = figures("m", 100, 90, 200.0, 0.001).withEvidence(new Evidence(100, 90, 0, 0));
        ModelFigures parent = figures("m", 101, 91, 200.0, 0.001).withEvidence(new Evidence(100.2, 95, 0, 0));
        ModelEstimate estimate = new PooledEstimator(10).estimate("code/backend",
                Map.of("code/backend", List.of(child), "code", List.of(parent), "*", List.of(parent))).get("m");

        assertThat(estimate.success().mean()).isCloseTo(0.9, within(0.01));
    }
}
