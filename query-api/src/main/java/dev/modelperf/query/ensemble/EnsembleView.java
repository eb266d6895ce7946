package dev.modelperf.query.ensemble;

import dev.modelperf.routing.ensemble.EnsembleAdvice;
import dev.modelperf.streams.ensemble.EnsembleReader;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/ensemble}: the advice of {@link EnsembleAdvice} for one tenant,
 * category level and span, with the span's bounds and the confidence its Wilson bounds hold with.
 */
public record EnsembleView(String tenant, String category, String window, Instant from, Instant until, long comparisons,
                           long decided, long ties, long untrackedAnswers, double target, double confidence, double lowVariance,
                           int fullPanelSize, List<String> fullPanel, Double fullPanelCostUsd, int recommendedSize,
                           List<String> models, Double expectedCostUsd, Double savingUsd, Double savingShare, String reason,
                           EnsembleAdvice.StopEarly stopEarly, List<EnsembleAdvice.PanelSize> sizes,
                           List<EnsembleAdvice.ModelFigures> ranking) {

    /** The confidence each one-sided Wilson lower bound holds with, at the advisor's z. */
    static final double CONFIDENCE = 0.95;

    static EnsembleView of(String tenant, String category, String window, EnsembleReader.Span span, EnsembleAdvice advice) {
        return new EnsembleView(tenant, category, window, Instant.ofEpochMilli(span.fromMs()), Instant.ofEpochMilli(span.untilMs()),
                advice.comparisons(), advice.decided(), advice.ties(), advice.untrackedAnswers(), advice.target(), CONFIDENCE,
                span.state().lowVariance(), advice.fullPanelSize(), advice.fullPanel(), advice.fullPanelCostUsd(),
                advice.recommendedSize(), advice.models(), advice.expectedCostUsd(), advice.savingUsd(), advice.savingShare(),
                advice.reason(), advice.stopEarly(), advice.sizes(), advice.ranking());
    }
}
