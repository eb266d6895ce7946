package dev.modelperf.query.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.TuningPolicy;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeFigures;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeTotals;
import dev.modelperf.streams.stores.RoutingLayersReader.LayerFigures;
import dev.modelperf.streams.stores.RoutingStats.ThresholdSeen;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsViewTest {

    @Test
    void judgesEachLayerAtTheThresholdItsLatestDecisionApplied() {
        ConfidenceHistogram semantic = new ConfidenceHistogram();
        semantic.add(ConfidenceHistogram.bin(0.60), Verdict.CORRECT, 30);
        semantic.add(ConfidenceHistogram.bin(0.60), Verdict.WRONG, 70);
        semantic.add(ConfidenceHistogram.bin(0.66), Verdict.CORRECT, 38);
        semantic.add(ConfidenceHistogram.bin(0.66), Verdict.WRONG, 2);
        semantic.add(ConfidenceHistogram.bin(0.80), Verdict.CORRECT, 400);
        semantic.add(ConfidenceHistogram.bin(0.80), Verdict.WRONG, 5);
        CascadeFigures figures = figures(
                layer("semantic", semantic, new ThresholdSeen(0.75, 1_000, 2_000), new ThresholdSeen(0.70, 2_500, 9_000)),
                layer("keyword", new ConfidenceHistogram()));

        ThresholdsView view = ThresholdsView.of("24h", figures, TuningPolicy.DEFAULT, null);

        assertThat(view.layers()).hasSize(1);
        ThresholdsView.Layer layer = view.layers().get(0);
        assertThat(layer.layerId()).isEqualTo("semantic");
        assertThat(layer.currentThreshold()).isEqualTo(0.70);
        assertThat(layer.recommendedThreshold()).isEqualTo(0.66);
        assertThat(layer.change()).isEqualTo("LOWER");
        assertThat(layer.reason()).startsWith("lower semantic from 0.70 to 0.66: 38 of 40 routes");
        assertThat(layer.passedOnCorrect()).isEqualTo(68);
        assertThat(layer.acceptedWrong()).isEqualTo(5);
        assertThat(layer.current().accepted()).isEqualTo(405);
        assertThat(layer.recommended().accepted()).isEqualTo(445);
        assertThat(layer.captureChange()).isEqualTo(445 / 545.0 - 405 / 545.0);
        assertThat(layer.curve()).isNull();
        assertThat(view.accuracyTarget()).isEqualTo(0.95);
        assertThat(view.confidence()).isEqualTo(0.95);
    }

    @Test
    void oneLayerAskedForComesWithItsCurveAndNoNumberWhereNothingWasJudged() {
        ConfidenceHistogram keyword = new ConfidenceHistogram();
        keyword.add(ConfidenceHistogram.bin(0.95), Verdict.UNKNOWN, 10);
        CascadeFigures figures = figures(layer("keyword", keyword, new ThresholdSeen(0.90, 0, 0)),
                layer("semantic", keyword, new ThresholdSeen(0.70, 0, 0)));

        ThresholdsView view = ThresholdsView.of("1h", figures, TuningPolicy.DEFAULT, "keyword");

        assertThat(view.layers()).extracting(ThresholdsView.Layer::layerId).containsExactly("keyword");
        ThresholdsView.Layer layer = view.layers().get(0);
        assertThat(layer.curve()).hasSize(101);
        assertThat(layer.current().accuracy()).isNull();
        assertThat(layer.current().accuracyLower()).isNull();
        assertThat(layer.accuracyChange()).isNull();
        assertThat(layer.current().capture()).isEqualTo(1.0);
        assertThat(layer.change()).isEqualTo("KEEP");
    }

    private static CascadeFigures figures(LayerFigures... layers) {
        CascadeTotals totals = new CascadeTotals(0, 0, 0, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new CascadeFigures("acme", 0, 60_000, Resolution.MINUTE, totals, List.of(layers));
    }

    private static LayerFigures layer(String id, ConfidenceHistogram histogram, ThresholdSeen... thresholds) {
        return new LayerFigures(id, 0, histogram.total(), 0, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, List.of(thresholds), histogram);
    }
}
