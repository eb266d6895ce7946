package dev.modelperf.query.routing;

import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeFigures;
import dev.modelperf.streams.stores.RoutingLayersReader.CascadeTotals;
import dev.modelperf.streams.stores.RoutingLayersReader.LayerFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/routing/layers}: the cascade's figures and each layer's, in
 * cascade order, over a window. A figure nothing backs yet (accuracy before any outcome) is null,
 * never NaN.
 */
public record RoutingLayersView(String tenant, String window, Instant from, Instant until, String resolution, Cascade cascade,
                                List<Layer> layers) {

    /** The whole cascade. */
    public record Cascade(long decisions, long routed, long clarified, Double clarificationRate, long judged, long correct,
                          Double accuracy, Latency latencyMs) {
    }

    /** One layer; capture is its accepted routes among the decisions that reached it, and among all decisions. */
    public record Layer(String layerId, long attempts, long accepted, Double captureRate, Double captureShare, long judged, long correct,
                        Double accuracy, Double meanConfidence, Latency latencyMs, List<Threshold> thresholds, List<Bin> histogram) {
    }

    public record Latency(Double mean, Double p50, Double p95, Double p99) {
    }

    /** A threshold the layer applied, and over which decision times it was seen in force. */
    public record Threshold(double value, Instant firstSeen, Instant lastSeen) {
    }

    /** Proposals with a confidence in [{@code from}, {@code from} + 0.01), by verdict; empty bins are left out. */
    public record Bin(double from, long correct, long wrong, long unknown) {
    }

    public static RoutingLayersView of(String window, CascadeFigures figures) {
        CascadeTotals totals = figures.cascade();
        Cascade cascade = new Cascade(totals.decisions(), totals.routed(), totals.clarified(), finite(totals.clarificationRate()),
                totals.judged(), totals.correct(), finite(totals.accuracy()),
                latency(totals.meanLatencyMs(), totals.latencyP50Ms(), totals.latencyP95Ms(), totals.latencyP99Ms()));
        List<Layer> layers = figures.layers().stream().map(RoutingLayersView::layer).toList();
        return new RoutingLayersView(figures.tenant(), window, Instant.ofEpochMilli(figures.fromMs()), Instant.ofEpochMilli(figures.untilMs()),
                figures.resolution().name().toLowerCase(), cascade, layers);
    }

    private static Layer layer(LayerFigures layer) {
        return new Layer(layer.layerId(), layer.attempts(), layer.accepted(), finite(layer.captureOfAttempts()),
                finite(layer.captureOfDecisions()), layer.judged(), layer.correct(), finite(layer.accuracy()), finite(layer.meanConfidence()),
                latency(layer.meanLatencyMs(), layer.latencyP50Ms(), layer.latencyP95Ms(), layer.latencyP99Ms()),
                layer.thresholds().stream().map(t -> new Threshold(t.value(), Instant.ofEpochMilli(t.firstSeenMs()),
                        Instant.ofEpochMilli(t.lastSeenMs()))).toList(),
                bins(layer.histogram()));
    }

    private static List<Bin> bins(ConfidenceHistogram histogram) {
        List<Bin> bins = new ArrayList<>();
        for (int bin = 0; bin < ConfidenceHistogram.BINS; bin++) {
            long correct = histogram.count(bin, Verdict.CORRECT);
            long wrong = histogram.count(bin, Verdict.WRONG);
            long unknown = histogram.count(bin, Verdict.UNKNOWN);
            if (correct + wrong + unknown > 0) {
                bins.add(new Bin(ConfidenceHistogram.lowerBound(bin), correct, wrong, unknown));
            }
        }
        return bins;
    }

    private static Latency latency(double mean, double p50, double p95, double p99) {
        return new Latency(finite(mean), finite(p50), finite(p95), finite(p99));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
