package dev.modelperf.routing.cascade;

import java.util.List;

/**
 * A layer's threshold judged from its proposals: what the current threshold does ({@code current},
 * with the right routes it passes on and the wrong ones it accepts), what every threshold on the
 * 0.01 grid would do ({@code curve}, 0.00 to 1.00), and what to do about it ({@code change} to
 * {@code recommended}, the reason in words).
 */
public record LayerAnalysis(String layerId, double currentThreshold, TuningPolicy policy, long proposals, long judged,
                            long passedOnCorrect, long passedOnJudged, long acceptedWrong, ThresholdPoint current,
                            ThresholdChange change, ThresholdPoint recommended, String reason, List<ThresholdPoint> curve) {

    public LayerAnalysis {
        curve = List.copyOf(curve);
    }

    public double recommendedThreshold() {
        return recommended.threshold();
    }

    /** How much of what the layer sees the recommendation would accept, less what it accepts now. */
    public double captureChange() {
        return recommended.capture() - current.capture();
    }

    public double accuracyChange() {
        return recommended.accuracy() - current.accuracy();
    }
}
