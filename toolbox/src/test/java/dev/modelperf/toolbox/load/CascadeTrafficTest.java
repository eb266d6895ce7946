package dev.modelperf.toolbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CascadeTrafficTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theSameSeedGivesTheSameTasks() {
        CascadeTraffic first = new CascadeTraffic(3, "acme");
        CascadeTraffic second = new CascadeTraffic(3, "acme");
        for (int i = 0; i < 200; i++) {
            assertThat(first.next(AT)).isEqualTo(second.next(AT));
        }
    }

    @Test
    void otherThresholdsRouteTheSameTasksDifferently() {
        CascadeTraffic offThresholds = new CascadeTraffic(3, "acme");
        CascadeTraffic acceptAll = new CascadeTraffic(3, "acme", Map.of("keyword", 0.0));
        for (int i = 0; i < 200; i++) {
            CascadeTraffic.Task off = offThresholds.next(AT);
            CascadeTraffic.Task all = acceptAll.next(AT);
            assertThat(all.trueTarget()).isEqualTo(off.trueTarget());
            assertThat(all.decision().getLayers().get(0).getConfidence()).isEqualTo(off.decision().getLayers().get(0).getConfidence());
            assertThat(all.decision().getLayers()).hasSize(1);
            assertThat(all.decision().getFinalLayer()).isEqualTo("keyword");
        }
    }

    @Test
    void aLayerAcceptsExactlyWhenItsConfidenceClearsItsThresholdAndTheCascadeStopsThere() {
        CascadeTraffic traffic = new CascadeTraffic(5, "acme");
        for (int i = 0; i < 2_000; i++) {
            RoutingDecision decision = traffic.next(AT).decision();
            List<LayerAttempt> layers = decision.getLayers();
            for (int l = 0; l < layers.size(); l++) {
                LayerAttempt attempt = layers.get(l);
                assertThat(attempt.getLayerId()).isEqualTo(CascadeTraffic.LAYERS.get(l).layerId());
                assertThat(attempt.getAccepted()).isEqualTo(attempt.getConfidence() >= attempt.getThreshold());
                assertThat(attempt.getAccepted()).isEqualTo(l == layers.size() - 1 && !decision.getClarified());
            }
            assertThat(decision.getClarified()).isEqualTo(decision.getFinalLayer() == null);
            assertThat(decision.getTotalLatencyMs())
                    .isCloseTo(layers.stream().mapToDouble(LayerAttempt::getLatencyMs).sum(), within(1e-9));
        }
    }

    @Test
    void mostOutcomesArriveAndMostOfThemNameTheRightTarget() {
        CascadeTraffic traffic = new CascadeTraffic(11, "acme");
        int tasks = 20_000;
        int reported = 0;
        int named = 0;
        for (int i = 0; i < tasks; i++) {
            CascadeTraffic.Task task = traffic.next(AT);
            if (task.outcome().isPresent()) {
                reported++;
                assertThat(task.outcome().get().getTimestamp()).isAfter(AT);
                if (task.outcome().get().getCorrectTarget() != null) {
                    named++;
                    assertThat(task.outcome().get().getCorrectTarget()).isEqualTo(task.trueTarget());
                }
            }
        }
        assertThat(reported / (double) tasks).isCloseTo(CascadeTraffic.OUTCOME_SHARE, within(0.01));
        // Clarified tasks always name the target, so slightly more than the share of the others do.
        assertThat(named / (double) reported).isBetween(CascadeTraffic.CORRECT_TARGET_SHARE - 0.01, CascadeTraffic.CORRECT_TARGET_SHARE + 0.02);
    }

    @Test
    void theKeywordLayerIsRightAboutFourTimesInFiveAndFast() {
        CascadeLayerModel keyword = CascadeTraffic.LAYERS.get(0);

        assertThat(keyword.expectedAccuracy(0.0)).isCloseTo(0.82, within(0.01));
        assertThat(keyword.medianLatencyMs()).isLessThan(5);
    }
}
