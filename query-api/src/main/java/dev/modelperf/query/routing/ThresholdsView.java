package dev.modelperf.query.routing;

import dev.modelperf.routing.cascade.LayerAnalysis;
import dev.modelperf.routing.cascade.ThresholdAnalysis;
import dev.modelperf.routing.cascade.ThresholdPoint;
import dev.modelperf.routing.cascade.TuningPolicy;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeFigures;
import dev.modelperf.streams.stores.RoutingLayersReader.LayerFigures;
import dev.modelperf.streams.stores.RoutingStats;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code GET /api/v1/routing/thresholds}: per layer, in cascade order, the threshold
 * in force (the one its latest decision in the window applied), the recommended one, the expected
 * effect on capture and accuracy, and the reason in words ({@link ThresholdAnalysis}). The curve
 * over every threshold on the 0.01 grid comes only when one layer is asked for. An accuracy
 * nothing backs (no judged proposal) is null, never NaN.
 */
public record ThresholdsView(String tenant, String window, Instant from, Instant until, double accuracyTarget, long minSample,
                             double confidence, List<Layer> layers) {

    /** The confidence each one-sided Wilson bound holds with, at the policy's z. */
    static final double CONFIDENCE = 0.95;

    /** One layer's threshold judged; {@code change} is LOWER, RAISE or KEEP. */
    public record Layer(String layerId, long proposals, long judged, double currentThreshold, double recommendedThreshold,
                        String change, String reason, Effect current, Effect recommended, double captureChange,
                        Double accuracyChange, long passedOnCorrect, long passedOnJudged, long acceptedWrong, List<Effect> curve) {
    }

    /** What one threshold does: routes accepted, their share of the layer's proposals, and their accuracy with its bounds. */
    public record Effect(double threshold, long accepted, long judged, long correct, double capture, Double accuracy,
                         Double accuracyLower, Double accuracyUpper) {

        static Effect of(ThresholdPoint point) {
            boolean judged = point.judged() > 0;
            return new Effect(point.threshold(), point.accepted(), point.judged(), point.correct(), point.capture(),
                    judged ? point.accuracy() : null, judged ? point.accuracyLower() : null, judged ? point.accuracyUpper() : null);
        }
    }

    /** The view of every layer with a threshold seen in the window, or of {@code onlyLayer} alone (with its curve) when given. */
    public static ThresholdsView of(String window, CascadeFigures figures, TuningPolicy policy, String onlyLayer) {
        List<Layer> layers = figures.layers().stream()
                .filter(layer -> onlyLayer == null || layer.layerId().equals(onlyLayer))
                .flatMap(layer -> inForce(layer).stream()
                        .map(threshold -> layer(ThresholdAnalysis.analyze(layer.layerId(), layer.histogram(), threshold, policy),
                                onlyLayer != null)))
                .toList();
        return new ThresholdsView(figures.tenant(), window, Instant.ofEpochMilli(figures.fromMs()), Instant.ofEpochMilli(figures.untilMs()),
                policy.accuracyTarget(), policy.minSample(), CONFIDENCE, layers);
    }

    /** The threshold the layer's latest decision applied. */
    private static Optional<Double> inForce(LayerFigures layer) {
        return layer.thresholds().stream().max(Comparator.comparingLong(RoutingStats.ThresholdSeen::lastSeenMs))
                .map(RoutingStats.ThresholdSeen::value);
    }

    private static Layer layer(LayerAnalysis analysis, boolean withCurve) {
        Effect current = Effect.of(analysis.current());
        Effect recommended = Effect.of(analysis.recommended());
        Double accuracyChange = current.accuracy() == null || recommended.accuracy() == null ? null
                : recommended.accuracy() - current.accuracy();
        return new Layer(analysis.layerId(), analysis.proposals(), analysis.judged(), analysis.currentThreshold(),
                analysis.recommendedThreshold(), analysis.change().name(), analysis.reason(), current, recommended,
                analysis.captureChange(), accuracyChange, analysis.passedOnCorrect(), analysis.passedOnJudged(),
                analysis.acceptedWrong(), withCurve ? analysis.curve().stream().map(Effect::of).toList() : null);
    }
}
