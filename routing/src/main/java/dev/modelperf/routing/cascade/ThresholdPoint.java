package dev.modelperf.routing.cascade;

/**
 * What one threshold would have done with a layer's proposals: how many it accepts of all the layer
 * saw ({@code capture}), how many of the judged ones among them were right ({@code accuracy}, 0
 * when none was judged), and the Wilson bounds of that accuracy at the policy's confidence.
 */
public record ThresholdPoint(double threshold, long accepted, long correct, long wrong, double capture, double accuracy,
                             double accuracyLower, double accuracyUpper) {

    static ThresholdPoint of(ConfidenceHistogram histogram, double threshold, double z) {
        long correct = histogram.atOrAbove(threshold, Verdict.CORRECT);
        long wrong = histogram.atOrAbove(threshold, Verdict.WRONG);
        long accepted = correct + wrong + histogram.atOrAbove(threshold, Verdict.UNKNOWN);
        long total = histogram.total();
        long judged = correct + wrong;
        WilsonInterval interval = WilsonInterval.of(correct, judged, z);
        return new ThresholdPoint(threshold, accepted, correct, wrong, total == 0 ? 0 : accepted / (double) total,
                judged == 0 ? 0 : correct / (double) judged, interval.lower(), interval.upper());
    }

    /** Accepted proposals whose outcome says whether they were right. */
    public long judged() {
        return correct + wrong;
    }
}
