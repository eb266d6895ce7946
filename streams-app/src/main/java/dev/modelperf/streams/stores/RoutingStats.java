package dev.modelperf.streams.stores;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one window knows about one routing-cascade layer of one tenant, or about the whole cascade
 * (key {@link RoutingKey#CASCADE}). For a layer: the decisions that reached it ({@code attempts}),
 * the routes it caught ({@code accepted}), the verdicts on its accepted routes, its confidence,
 * latency sketch, position in the cascade, the {@link ConfidenceHistogram} of all its proposals by
 * verdict, and the thresholds seen in force. For the cascade: decisions, routed decisions,
 * clarifications, verdicts on routed decisions and total latency. Mutable, as an accumulator is;
 * windows and instances combine with {@link #merge}.
 */
public final class RoutingStats {

    /** Distinct threshold values kept per window: a threshold changes a few times a day at most, more is noise. */
    public static final int MAX_THRESHOLDS = 8;

    long attempts;
    long accepted;
    long clarified;
    long judged;
    long correct;
    long positionSum;
    double confidenceSum;
    double latencySumMs;
    final DDSketch latencyMs;
    final ConfidenceHistogram histogram;
    final List<ThresholdSeen> thresholds;

    /** One threshold value a layer applied, and over which event times it was seen. */
    public record ThresholdSeen(double value, long firstSeenMs, long lastSeenMs) {
    }

    public RoutingStats() {
        this(CallStats.newSketch(), new ConfidenceHistogram(), new ArrayList<>());
    }

    RoutingStats(DDSketch latencyMs, ConfidenceHistogram histogram, List<ThresholdSeen> thresholds) {
        this.latencyMs = latencyMs;
        this.histogram = histogram;
        this.thresholds = thresholds;
    }

    /**
     * Counts one attempt of a layer at {@code position} in the cascade (0 first); its proposal goes
     * to the histogram as {@link Verdict#UNKNOWN} until the outcome is known.
     */
    public void addAttempt(int position, double confidence, double threshold, boolean accepted, double latency, long atMs) {
        attempts++;
        positionSum += position;
        if (accepted) {
            this.accepted++;
        }
        confidenceSum += confidence;
        latencySumMs += latency;
        latencyMs.accept(latency);
        histogram.record(confidence, Verdict.UNKNOWN);
        sawThreshold(new ThresholdSeen(threshold, atMs, atMs));
    }

    /** Counts one decision of the whole cascade. */
    public void addDecision(boolean clarified, double totalLatency) {
        attempts++;
        if (clarified) {
            this.clarified++;
        } else {
            accepted++;
        }
        latencySumMs += totalLatency;
        latencyMs.accept(totalLatency);
    }

    /**
     * A layer's proposal, counted before as unknown, now judged: it moves to its verdict's bin, and
     * an accepted proposal with a known verdict counts toward the layer's accuracy.
     */
    public void judgeProposal(double confidence, boolean accepted, Verdict verdict) {
        if (verdict == Verdict.UNKNOWN) {
            return;
        }
        int bin = ConfidenceHistogram.bin(confidence);
        histogram.add(bin, Verdict.UNKNOWN, -1);
        histogram.add(bin, verdict, 1);
        if (accepted) {
            judge(verdict);
        }
    }

    /** A routed decision of the cascade judged by its outcome. */
    public void judge(Verdict verdict) {
        if (verdict == Verdict.UNKNOWN) {
            return;
        }
        judged++;
        if (verdict == Verdict.CORRECT) {
            correct++;
        }
    }

    public RoutingStats merge(RoutingStats other) {
        attempts += other.attempts;
        accepted += other.accepted;
        clarified += other.clarified;
        judged += other.judged;
        correct += other.correct;
        positionSum += other.positionSum;
        confidenceSum += other.confidenceSum;
        latencySumMs += other.latencySumMs;
        latencyMs.mergeWith(other.latencyMs);
        histogram.merge(other.histogram);
        other.thresholds.forEach(this::sawThreshold);
        return this;
    }

    /** Keeps each distinct value once, widened to every time it was seen; beyond the bound, the least recently seen go. */
    private void sawThreshold(ThresholdSeen seen) {
        for (int i = 0; i < thresholds.size(); i++) {
            ThresholdSeen known = thresholds.get(i);
            if (Double.compare(known.value(), seen.value()) == 0) {
                thresholds.set(i, new ThresholdSeen(known.value(), Math.min(known.firstSeenMs(), seen.firstSeenMs()),
                        Math.max(known.lastSeenMs(), seen.lastSeenMs())));
                return;
            }
        }
        thresholds.add(seen);
        if (thresholds.size() > MAX_THRESHOLDS) {
            thresholds.remove(thresholds.stream().min(Comparator.comparingLong(ThresholdSeen::lastSeenMs)).orElseThrow());
        }
    }

    public long attempts() {
        return attempts;
    }

    public long accepted() {
        return accepted;
    }

    public long clarified() {
        return clarified;
    }

    public long judged() {
        return judged;
    }

    public long correct() {
        return correct;
    }

    /** Where the layer usually sits in the cascade (0 first); orders layers in answers. */
    public double meanPosition() {
        return attempts == 0 ? 0 : (double) positionSum / attempts;
    }

    public double meanConfidence() {
        return attempts == 0 ? Double.NaN : confidenceSum / attempts;
    }

    public double meanLatencyMs() {
        return attempts == 0 ? Double.NaN : latencySumMs / attempts;
    }

    public double latencyQuantileMs(double q) {
        return latencyMs.isEmpty() ? Double.NaN : latencyMs.getValueAtQuantile(q);
    }

    /** Correct among accepted routes with a known verdict; NaN before any verdict. */
    public double accuracy() {
        return judged == 0 ? Double.NaN : (double) correct / judged;
    }

    public ConfidenceHistogram histogram() {
        return histogram.copy();
    }

    /** The thresholds seen in force, oldest first. */
    public List<ThresholdSeen> thresholds() {
        return thresholds.stream().sorted(Comparator.comparingLong(ThresholdSeen::firstSeenMs)).toList();
    }
}
