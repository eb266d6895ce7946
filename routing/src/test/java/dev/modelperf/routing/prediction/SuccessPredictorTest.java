package dev.modelperf.routing.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.Complexity;
import dev.modelperf.routing.Basis;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Predictions from known figures, checked against the Beta posteriors they must come from. */
class SuccessPredictorTest {

    private final SuccessPredictor predictor = new SuccessPredictor(new PooledEstimator(10));

    @Test
    void aModelWithCallsInTheCategoryIsPredictedFromItsPosterior() {
        // All 100 calls in code: the root prior is uniform, so code's belief is Beta(1 + 80, 1 + 20).
        ModelFigures m = figures(100, 80, 0, 0, Map.of());
        SuccessPrediction prediction = predictor.predict("code", "m", null, Map.of("code", List.of(m), "*", List.of(m)));

        double mean = 81.0 / 102;
        double sd = Math.sqrt(81.0 * 21 / (102.0 * 102 * 103));
        double logOdds = Math.log(mean / (1 - mean));
        double sdLogOdds = sd / (mean * (1 - mean));
        assertThat(prediction.probability()).isCloseTo(mean, within(1e-12));
        assertThat(prediction.sd()).isCloseTo(sd, within(1e-12));
        assertThat(prediction.interval().low()).isCloseTo(1 / (1 + Math.exp(-(logOdds - 1.959964 * sdLogOdds))), within(1e-9));
        assertThat(prediction.interval().high()).isCloseTo(1 / (1 + Math.exp(-(logOdds + 1.959964 * sdLogOdds))), within(1e-9));
        assertThat(prediction.interval().level()).isEqualTo(0.95);
        assertThat(prediction.basis()).isEqualTo(new Basis(Basis.Source.CATEGORY, "code"));
        assertThat(prediction.samples()).isEqualTo(100);
        assertThat(prediction.levels()).containsExactly(new SuccessPrediction.LevelCalls("code", 100),
                new SuccessPrediction.LevelCalls("*", 100));
        assertThat(prediction.qualityObserved()).isFalse();
        assertThat(prediction.complexityShift()).isNull();
    }

    @Test
    void observedQualityMakesSuccessAnOkCallWithAGoodAnswer() {
        // Every call OK, 60 of 100 answers good: Beta(101, 1) for OK times Beta(61, 41) for good.
        ModelFigures m = figures(100, 100, 60, 100, Map.of());
        SuccessPrediction prediction = predictor.predict("code", "m", null, Map.of("code", List.of(m), "*", List.of(m)));

        assertThat(prediction.probability()).isCloseTo(101.0 / 102 * 61 / 102, within(1e-12));
        assertThat(prediction.qualityObserved()).isTrue();
        assertThat(prediction.interval().low()).isLessThan(prediction.probability());
        assertThat(prediction.interval().high()).isGreaterThan(prediction.probability());
    }

    @Test
    void harderTasksArePredictedLessLikelyToSucceedAndEasierMoreLikely() {
        ModelFigures m = figures(100, 65, 0, 0, Map.of(
                Complexity.LOW, new Evidence(50, 45, 0, 0),
                Complexity.HIGH, new Evidence(50, 20, 0, 0)));
        Map<String, List<ModelFigures>> levels = Map.of("code", List.of(m), "*", List.of(m));

        SuccessPrediction any = predictor.predict("code", "m", null, levels);
        SuccessPrediction unknown = predictor.predict("code", "m", Complexity.UNKNOWN, levels);
        SuccessPrediction low = predictor.predict("code", "m", Complexity.LOW, levels);
        SuccessPrediction high = predictor.predict("code", "m", Complexity.HIGH, levels);

        assertThat(unknown.probability()).as("UNKNOWN asks for the rate over every complexity").isEqualTo(any.probability());
        assertThat(high.complexityShift().logOdds()).isNegative();
        assertThat(low.complexityShift().logOdds()).isPositive();
        assertThat(high.probability()).isLessThan(any.probability());
        assertThat(low.probability()).isGreaterThan(any.probability());
        // The shift is shrunk towards none: HIGH's rate with 10 calls' worth of the overall 66/102 as prior.
        double overall = 66.0 / 102;
        double shrunk = (10 * overall + 20) / (10 + 50);
        assertThat(high.complexityShift().rate()).isCloseTo(shrunk, within(1e-12));
        assertThat(high.complexityShift().logOdds()).isCloseTo(Math.log(shrunk / (1 - shrunk)) - Math.log(overall / (1 - overall)),
                within(1e-12));
        assertThat(high.complexityShift().calls()).isEqualTo(50);
        assertThat(high.interval().high() - high.interval().low())
                .as("the shift's own uncertainty widens the interval")
                .isGreaterThan(any.interval().high() - any.interval().low());
    }

    @Test
    void aComplexitySeenAFewTimesShiftsLessThanOneSeenOften() {
        ModelFigures rare = figures(1002, 900, 0, 0, Map.of(Complexity.HIGH, new Evidence(2, 0, 0, 0),
                Complexity.LOW, new Evidence(1000, 900, 0, 0)));
        ModelFigures often = figures(1200, 900, 0, 0, Map.of(Complexity.HIGH, new Evidence(200, 0, 0, 0),
                Complexity.LOW, new Evidence(1000, 900, 0, 0)));

        double fewShift = predictor.predict("code", "m", Complexity.HIGH, Map.of("code", List.of(rare), "*", List.of(rare)))
                .complexityShift().logOdds();
        double manyShift = predictor.predict("code", "m", Complexity.HIGH, Map.of("code", List.of(often), "*", List.of(often)))
                .complexityShift().logOdds();

        assertThat(fewShift).isNegative();
        assertThat(manyShift).isLessThan(fewShift);
    }

    @Test
    void aModelOnlyCalledInTheParentIsPredictedFromIt() {
        ModelFigures m = figures(200, 180, 0, 0, Map.of());
        SuccessPrediction prediction = predictor.predict("code/rare", "m", null, Map.of("code", List.of(m), "*", List.of(m)));

        assertThat(prediction.basis()).isEqualTo(new Basis(Basis.Source.PARENT, "code"));
        assertThat(prediction.probability()).isCloseTo(181.0 / 202, within(1e-12));
        assertThat(prediction.levels().get(0)).isEqualTo(new SuccessPrediction.LevelCalls("code/rare", 0));
        assertThat(prediction.reason()).contains("No call of the model in code/rare");
    }

    @Test
    void withoutDataTheAnswerIsTheUniformPriorWithAWideIntervalAndSaysSo() {
        SuccessPrediction prediction = predictor.predict("code", "m", Complexity.HIGH,
                Map.of("*", List.of(figures(50, 50, 0, 0, Map.of())).stream().map(f -> rename(f, "other")).toList()));

        assertThat(prediction.probability()).isEqualTo(0.5);
        assertThat(prediction.basis().source()).isEqualTo(Basis.Source.NONE);
        assertThat(prediction.samples()).isZero();
        assertThat(prediction.interval().low()).isLessThan(0.1);
        assertThat(prediction.interval().high()).isGreaterThan(0.9);
        assertThat(prediction.reason()).startsWith("No call of m in code or a parent category");
    }

    private static ModelFigures figures(long calls, long successes, double qualitySum, long qualityCount,
                                        Map<Complexity, Evidence> byComplexity) {
        return new ModelFigures("m", "p", calls, successes, 500.0, 900.0, null, 0, qualityCount == 0 ? null : qualitySum / qualityCount,
                qualityCount, 1_000, new Evidence(calls, successes, qualitySum, qualityCount), byComplexity);
    }

    private static ModelFigures rename(ModelFigures f, String model) {
        return new ModelFigures(model, f.provider(), f.calls(), f.successes(), f.latencyP50Ms(), f.latencyP95Ms(),
                f.costPerSuccessUsd(), f.costedCalls(), f.quality(), f.qualityCount(), f.lastCallMs(), f.evidence(), f.byComplexity());
    }
}
