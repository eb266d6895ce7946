package dev.modelperf.streams.alert;

import dev.modelperf.events.Severity;
import java.util.List;

/**
 * One rule of the rules file: which signal, what condition, over which scopes, and the timing
 * that makes alerts fire once and resolve once. Each category level in {@code categories} is a
 * scope of its own (with every tenant and model that has calls there), and each scope has its own
 * alert.
 *
 * @param tenant       only this tenant, or null for every tenant
 * @param model        only this model, or null for every model
 * @param spanMinutes  how many 1-minute windows, ending with the newest closed one, the figure covers
 * @param minSamples   fewer samples than this over the span is no verdict at all
 * @param forMinutes   consecutive breaching minutes before the alert fires
 * @param resolveMinutes consecutive minutes without a breach before a firing alert resolves
 * @param layer        for a per-layer routing signal, only the layer at this 1-based position in the cascade; 0 for every layer
 */
public record AlertRule(String name, Signal<?> signal, Condition condition, Severity severity, List<String> categories,
                        String tenant, String model, int spanMinutes, long minSamples, int forMinutes, int resolveMinutes,
                        int layer) {

    /** What makes a span's figure a breach. */
    public sealed interface Condition permits Threshold, Anomaly {
    }

    /** A fixed limit: the figure is a breach when it is above (or below) {@code value}. */
    public record Threshold(boolean above, double value) implements Condition {

        public boolean breached(double observed) {
            return above ? observed > value : observed < value;
        }
    }

    /**
     * The figure is a breach when it is more than {@code z} robust standard deviations (1.4826 ×
     * the median absolute deviation) from the median of the scope's own per-minute figures over the
     * previous {@code baselineMinutes}, in the signal's bad direction. The deviation is at least
     * {@code minDeviation} (signal units) and {@code minRelativeDeviation} × the median, so that a
     * very steady baseline does not turn noise into alerts.
     *
     * @param minBaselineMinutes minutes with enough calls the baseline needs before it judges anything
     */
    public record Anomaly(double z, int baselineMinutes, int minBaselineMinutes, double minDeviation,
                          double minRelativeDeviation) implements Condition {
    }

    /** Whether the rule covers this tenant and model (categories are matched by the caller). */
    public boolean covers(String tenant, String model) {
        return (this.tenant == null || this.tenant.equals(tenant)) && (this.model == null || this.model.equals(model));
    }

    /** The least samples one minute needs to enter an anomaly baseline: the span's minimum, spread over the span. */
    public long minSamplesPerMinute() {
        return Math.max(1, (minSamples + spanMinutes - 1) / spanMinutes);
    }
}
