package dev.modelperf.streams.alert;

/**
 * A rule's judgement of one scope at one minute.
 *
 * @param judged  false when there were too few samples (or too short a baseline) to judge: never a breach
 * @param value   the signal over the span; NaN when there were no samples
 * @param limit   the threshold, or for an anomaly the value beyond which the figure is anomalous; NaN when not judged
 * @param spread  the baseline an anomaly was judged against; null for a threshold
 */
public record Verdict(boolean judged, boolean breach, double value, long samples, double limit, Baseline.Spread spread) {

    static Verdict notJudged(double value, long samples, Baseline.Spread spread) {
        return new Verdict(false, false, value, samples, Double.NaN, spread);
    }
}
