package dev.modelperf.routing.cascade;

import java.util.Arrays;

/**
 * A cascade layer's proposals counted by confidence (100 bins of 0.01) and by verdict. It is all a
 * threshold analysis needs: at any threshold on the 0.01 grid it tells how many proposals the layer
 * would accept and how many of those were right, without keeping a single decision. Fixed size
 * (three arrays of 100 counts) whatever the traffic, so it can live in a windowed store.
 *
 * <p>A proposal at confidence {@code c} is accepted at threshold {@code t} when {@code c >= t}, as
 * routers apply thresholds; thresholds are resolved on the 0.01 grid, and a threshold of 1.0 accepts
 * nothing.
 */
public final class ConfidenceHistogram {

    public static final int BINS = 100;

    private final long[] correct;
    private final long[] wrong;
    private final long[] unknown;

    public ConfidenceHistogram() {
        this(new long[BINS], new long[BINS], new long[BINS]);
    }

    private ConfidenceHistogram(long[] correct, long[] wrong, long[] unknown) {
        this.correct = correct;
        this.wrong = wrong;
        this.unknown = unknown;
    }

    /** Rebuilds a histogram from its counts per bin, e.g. when a store reads it back. */
    public static ConfidenceHistogram of(long[] correct, long[] wrong, long[] unknown) {
        for (long[] counts : new long[][] {correct, wrong, unknown}) {
            if (counts.length != BINS) {
                throw new IllegalArgumentException("a confidence histogram has " + BINS + " bins, not " + counts.length);
            }
            for (long count : counts) {
                if (count < 0) {
                    throw new IllegalArgumentException("bin counts cannot be negative: " + count);
                }
            }
        }
        return new ConfidenceHistogram(correct.clone(), wrong.clone(), unknown.clone());
    }

    /** The bin of a confidence in [0, 1]; 1.0 falls in the top bin. */
    public static int bin(double confidence) {
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within [0, 1], was " + confidence);
        }
        return Math.min(BINS - 1, (int) Math.floor(confidence * BINS + 1e-9));
    }

    /** The lowest confidence of a bin, which is also the threshold at which the bin starts to be accepted. */
    public static double lowerBound(int bin) {
        return bin / (double) BINS;
    }

    public void record(double confidence, Verdict verdict) {
        add(bin(confidence), verdict, 1);
    }

    public void add(int bin, Verdict verdict, long count) {
        switch (verdict) {
            case CORRECT -> correct[bin] += count;
            case WRONG -> wrong[bin] += count;
            case UNKNOWN -> unknown[bin] += count;
        }
    }

    public void merge(ConfidenceHistogram other) {
        for (int bin = 0; bin < BINS; bin++) {
            correct[bin] += other.correct[bin];
            wrong[bin] += other.wrong[bin];
            unknown[bin] += other.unknown[bin];
        }
    }

    public long count(int bin, Verdict verdict) {
        return switch (verdict) {
            case CORRECT -> correct[bin];
            case WRONG -> wrong[bin];
            case UNKNOWN -> unknown[bin];
        };
    }

    /** Proposals with this verdict that threshold {@code t} accepts (confidence at or above it). */
    public long atOrAbove(double threshold, Verdict verdict) {
        long sum = 0;
        for (int bin = firstAcceptedBin(threshold); bin < BINS; bin++) {
            sum += count(bin, verdict);
        }
        return sum;
    }

    /** Proposals with this verdict that threshold {@code t} passes on to the next layer. */
    public long below(double threshold, Verdict verdict) {
        return total(verdict) - atOrAbove(threshold, verdict);
    }

    public long total(Verdict verdict) {
        return Arrays.stream(verdict == Verdict.CORRECT ? correct : verdict == Verdict.WRONG ? wrong : unknown).sum();
    }

    public long total() {
        return total(Verdict.CORRECT) + total(Verdict.WRONG) + total(Verdict.UNKNOWN);
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    public ConfidenceHistogram copy() {
        return new ConfidenceHistogram(correct.clone(), wrong.clone(), unknown.clone());
    }

    /**
     * The first bin a threshold accepts. Thresholds between grid points accept from the next grid
     * point up, as every confidence in the bin below could fall under them.
     */
    private static int firstAcceptedBin(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be within [0, 1], was " + threshold);
        }
        return Math.min(BINS, (int) Math.ceil(threshold * BINS - 1e-9));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfidenceHistogram that && Arrays.equals(correct, that.correct)
                && Arrays.equals(wrong, that.wrong) && Arrays.equals(unknown, that.unknown);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(correct) + Arrays.hashCode(wrong)) + Arrays.hashCode(unknown);
    }
}
