package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.LayerAnalysis;
import dev.modelperf.routing.cascade.ThresholdAnalysis;
import dev.modelperf.routing.cascade.ThresholdChange;
import dev.modelperf.routing.cascade.TuningPolicy;
import dev.modelperf.routing.cascade.Verdict;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The threshold analysis, fed histograms of generated cascade traffic judged as outcomes judge it,
 * finds the thresholds the generator's own model says are best, and those thresholds bring the
 * cascade within its targets on the very same tasks.
 */
class CascadeTuningTest {

    private static final int TASKS = 40_000;
    private static final double TARGET = 0.95;
    private static final Map<String, LayerAnalysis> analyses = new HashMap<>();

    @BeforeAll
    static void analyseGeneratedTraffic() {
        CascadeTraffic traffic = new CascadeTraffic(7, "default");
        Map<String, ConfidenceHistogram> histograms = new HashMap<>();
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < TASKS; i++) {
            CascadeTraffic.Task task = traffic.next(at.plusMillis(i));
            for (LayerAttempt attempt : task.decision().getLayers()) {
                histograms.computeIfAbsent(attempt.getLayerId(), id -> new ConfidenceHistogram())
                        .record(attempt.getConfidence(), verdict(attempt, task.outcome().orElse(null)));
            }
        }
        TuningPolicy policy = TuningPolicy.DEFAULT.withAccuracyTarget(TARGET);
        histograms.forEach((layer, histogram) ->
                analyses.put(layer, ThresholdAnalysis.analyze(layer, histogram, traffic.threshold(layer), policy)));
    }

    @Test
    void theModelKnowsEachLayersBestThreshold() {
        assertThat(CascadeTraffic.bestThresholds(TARGET))
                .containsExactlyInAnyOrderEntriesOf(Map.of("keyword", 0.57, "semantic", 0.63, "retrieval", 0.76, "classifier", 0.62));
    }

    @Test
    void recoversEveryLayersBestThresholdWithinFiveHundredths() {
        Map<String, Double> best = CascadeTraffic.bestThresholds(TARGET);
        for (CascadeLayerModel layer : CascadeTraffic.LAYERS) {
            LayerAnalysis analysis = analyses.get(layer.layerId());
            System.out.printf("%-10s current %.2f  recovered %.2f  true best %.2f  (%s)%n", layer.layerId(),
                    layer.currentThreshold(), analysis.recommendedThreshold(), best.get(layer.layerId()), analysis.reason());
            assertThat(analysis.recommendedThreshold()).as(layer.layerId()).isCloseTo(best.get(layer.layerId()), within(0.05));
        }
    }

    @Test
    void lowersTheLayersSetTooHighAndRaisesThoseSetTooLow() {
        assertThat(analyses.get("keyword").change()).isEqualTo(ThresholdChange.LOWER);
        assertThat(analyses.get("semantic").change()).isEqualTo(ThresholdChange.LOWER);
        assertThat(analyses.get("retrieval").change()).isEqualTo(ThresholdChange.RAISE);
        assertThat(analyses.get("classifier").change()).isEqualTo(ThresholdChange.RAISE);
    }

    @Test
    void theRecommendedThresholdsMeetTheCascadesTargetsOnTheSameTasks() {
        Map<String, Double> tuned = new HashMap<>();
        analyses.forEach((layer, analysis) -> tuned.put(layer, analysis.recommendedThreshold()));
        CascadeTally before = replay(new CascadeTraffic(7, "default"));
        CascadeTally after = replay(new CascadeTraffic(7, "default", tuned));

        assertThat(before.accuracy()).isLessThan(TARGET);
        assertThat(after.accuracy()).isGreaterThan(TARGET);
        assertThat(after.layers().get("keyword").capture()).isGreaterThan(0.30);
        assertThat(after.layers().get("semantic").capture()).isGreaterThan(0.40);
        assertThat(after.averageLatencyMs()).isLessThan(100);
        assertThat(after.clarificationRate()).isLessThan(0.05);
    }

    private static CascadeTally replay(CascadeTraffic traffic) {
        CascadeTally tally = new CascadeTally();
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < TASKS; i++) {
            tally.count(traffic.next(at.plusMillis(i)));
        }
        return tally;
    }

    /** A proposal is judged by the right target when the outcome names it, else by the outcome's verdict on the final route. */
    private static Verdict verdict(LayerAttempt attempt, RoutingOutcome outcome) {
        if (outcome == null) {
            return Verdict.UNKNOWN;
        }
        if (outcome.getCorrectTarget() != null) {
            return outcome.getCorrectTarget().equals(attempt.getTarget()) ? Verdict.CORRECT : Verdict.WRONG;
        }
        if (attempt.getAccepted() && outcome.getCorrect() != null) {
            return outcome.getCorrect() ? Verdict.CORRECT : Verdict.WRONG;
        }
        return Verdict.UNKNOWN;
    }
}
