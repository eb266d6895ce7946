package dev.modelperf.streams.stores;

import dev.modelperf.routing.cascade.ConfidenceHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads a tenant's routing figures over a span: per layer and for the whole cascade, merged over
 * the span's windows of one resolution. Every resolution holds every decision (none is folded
 * from another), so the reader takes the finest one whose retention covers the span and whose
 * window count stays small: minutes up to an hour, hours up to a week, days beyond (or the next
 * coarser one when a retention is shorter than the span). The span ends with the window holding
 * {@code nowMs} and starts with the window holding {@code nowMs - span}.
 */
public final class RoutingLayersReader {

    /** Where the figures are: the local stores of a running app, or a test driver's. */
    @FunctionalInterface
    public interface Stores {
        ReadOnlyWindowStore<String, RoutingStats> window(Resolution resolution);
    }

    private static final Duration MINUTES_UP_TO = Duration.ofHours(1);
    private static final Duration HOURS_UP_TO = Duration.ofDays(7);

    private final Stores stores;
    private final Duration minuteRetention;
    private final Duration hourRetention;

    public RoutingLayersReader(Stores stores, Duration minuteRetention, Duration hourRetention) {
        this.stores = stores;
        this.minuteRetention = minuteRetention;
        this.hourRetention = hourRetention;
    }

    /** The resolution a span is read at. */
    public Resolution resolutionFor(Duration span) {
        if (span.compareTo(MINUTES_UP_TO) <= 0 && covers(minuteRetention, span, Resolution.MINUTE)) {
            return Resolution.MINUTE;
        }
        return span.compareTo(HOURS_UP_TO) <= 0 && covers(hourRetention, span, Resolution.HOUR) ? Resolution.HOUR : Resolution.DAY;
    }

    private static boolean covers(Duration retention, Duration span, Resolution resolution) {
        return retention.compareTo(span.plusMillis(resolution.sizeMs())) >= 0;
    }

    /** {@code tenant}'s figures over {@code span} ending at {@code nowMs}; an empty cascade when it routed nothing then. */
    public CascadeFigures read(String tenant, Duration span, long nowMs) {
        Resolution resolution = resolutionFor(span);
        long from = resolution.windowStart(nowMs - span.toMillis());
        long to = resolution.windowStart(nowMs);
        RoutingStats cascade = new RoutingStats();
        Map<String, RoutingStats> layers = new LinkedHashMap<>();
        String prefix = RoutingKey.tenantPrefix(tenant);
        // Layer ids are ASCII: the highest character sorts after every one of them, so the range holds exactly the tenant's keys.
        try (KeyValueIterator<Windowed<String>, RoutingStats> windows = stores.window(resolution)
                .fetch(prefix, prefix + Character.MAX_VALUE, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            while (windows.hasNext()) {
                KeyValue<Windowed<String>, RoutingStats> window = windows.next();
                RoutingKey key = RoutingKey.decode(window.key.key());
                if (!key.tenant().equals(tenant)) {
                    continue;
                }
                if (key.isCascade()) {
                    cascade.merge(window.value);
                } else {
                    layers.computeIfAbsent(key.layerId(), id -> new RoutingStats()).merge(window.value);
                }
            }
        }
        List<LayerFigures> ordered = layers.entrySet().stream()
                .map(entry -> LayerFigures.of(entry.getKey(), entry.getValue(), cascade.attempts()))
                .sorted(Comparator.comparingDouble(LayerFigures::meanPosition).thenComparing(LayerFigures::layerId))
                .toList();
        return new CascadeFigures(tenant, from, to + resolution.sizeMs(), resolution, CascadeTotals.of(cascade), ordered);
    }

    /** A tenant's routing figures over [{@code fromMs}, {@code untilMs}): the cascade's and each layer's, in cascade order. */
    public record CascadeFigures(String tenant, long fromMs, long untilMs, Resolution resolution, CascadeTotals cascade,
                                 List<LayerFigures> layers) {
    }

    /**
     * The whole cascade: decisions, routed and clarified decisions, verdicts on routed decisions
     * with a known outcome, and total latency. Rates are NaN when nothing backs them.
     */
    public record CascadeTotals(long decisions, long routed, long clarified, double clarificationRate, long judged, long correct,
                                double accuracy, double meanLatencyMs, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms) {

        static CascadeTotals of(RoutingStats stats) {
            return new CascadeTotals(stats.attempts(), stats.accepted(), stats.clarified(),
                    stats.attempts() == 0 ? Double.NaN : (double) stats.clarified() / stats.attempts(), stats.judged(), stats.correct(),
                    stats.accuracy(), stats.meanLatencyMs(), stats.latencyQuantileMs(0.5), stats.latencyQuantileMs(0.95),
                    stats.latencyQuantileMs(0.99));
        }
    }

    /**
     * One layer: decisions that reached it, routes it caught and its capture shares (of the
     * decisions that reached it, and of all decisions), accuracy over its accepted routes with a
     * known outcome, mean confidence, latency, the thresholds seen in force and the histogram of all
     * its proposals by verdict.
     */
    public record LayerFigures(String layerId, double meanPosition, long attempts, long accepted, double captureOfAttempts,
                               double captureOfDecisions, long judged, long correct, double accuracy, double meanConfidence,
                               double meanLatencyMs, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
                               List<RoutingStats.ThresholdSeen> thresholds, ConfidenceHistogram histogram) {

        static LayerFigures of(String layerId, RoutingStats stats, long decisions) {
            return new LayerFigures(layerId, stats.meanPosition(), stats.attempts(), stats.accepted(),
                    stats.attempts() == 0 ? Double.NaN : (double) stats.accepted() / stats.attempts(),
                    decisions == 0 ? Double.NaN : (double) stats.accepted() / decisions, stats.judged(), stats.correct(),
                    stats.accuracy(), stats.meanConfidence(), stats.meanLatencyMs(), stats.latencyQuantileMs(0.5),
                    stats.latencyQuantileMs(0.95), stats.latencyQuantileMs(0.99), stats.thresholds(), stats.histogram());
        }
    }
}
