package dev.modelperf.routing.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a cascade layer's threshold from its {@link ConfidenceHistogram}.
 *
 * <p>The rule, so that a proposal rests on evidence rather than noise:
 * <ul>
 *   <li>fewer judged proposals than the policy's minimum sample: keep;</li>
 *   <li>the recommended threshold is the lowest on the 0.01 grid (the most capture) whose accepted
 *       routes are accurate enough <em>with confidence</em>: the Wilson lower bound of their
 *       accuracy, at the policy's z, reaches the target; among thresholds that accept the same
 *       routes (no proposal between them) the highest, where the evidence starts;</li>
 *   <li>lower to it when it is below the current threshold;</li>
 *   <li>raise to it only when the current threshold falls short of the target with confidence (the
 *       Wilson upper bound is below it): an accuracy merely not proven good enough is kept, so that
 *       thresholds do not swing with the noise of every window;</li>
 *   <li>when no threshold reaches the target with confidence, keep, and say so.</li>
 * </ul>
 *
 * <p>The histogram holds only what the layer saw, which is what earlier layers passed on: capture
 * is a share of that, and changing an earlier layer's threshold changes this layer's traffic.
 */
public final class ThresholdAnalysis {

    private ThresholdAnalysis() {
    }

    public static LayerAnalysis analyze(String layerId, ConfidenceHistogram histogram, double currentThreshold,
                                        TuningPolicy policy) {
        if (!(currentThreshold >= 0 && currentThreshold <= 1)) {
            throw new IllegalArgumentException("currentThreshold must be within [0, 1], was " + currentThreshold);
        }
        List<ThresholdPoint> curve = new ArrayList<>(ConfidenceHistogram.BINS + 1);
        for (int step = 0; step <= ConfidenceHistogram.BINS; step++) {
            curve.add(ThresholdPoint.of(histogram, ConfidenceHistogram.lowerBound(step), policy.z()));
        }
        ThresholdPoint current = ThresholdPoint.of(histogram, currentThreshold, policy.z());
        long judged = histogram.total(Verdict.CORRECT) + histogram.total(Verdict.WRONG);
        long passedOnCorrect = histogram.below(currentThreshold, Verdict.CORRECT);
        long passedOnJudged = passedOnCorrect + histogram.below(currentThreshold, Verdict.WRONG);
        Proposal proposal = propose(layerId, histogram, current, curve, judged, policy);
        return new LayerAnalysis(layerId, currentThreshold, policy, histogram.total(), judged, passedOnCorrect, passedOnJudged,
                current.wrong(), current, proposal.change(), proposal.point(), proposal.reason(), curve);
    }

    private record Proposal(ThresholdChange change, ThresholdPoint point, String reason) {
    }

    private static Proposal propose(String layer, ConfidenceHistogram histogram, ThresholdPoint current, List<ThresholdPoint> curve,
                                    long judged, TuningPolicy policy) {
        String at = "keep " + layer + " at " + threshold(current.threshold()) + ": ";
        if (judged < policy.minSample()) {
            return new Proposal(ThresholdChange.KEEP, current, at + "only " + judged + " judged proposals, "
                    + policy.minSample() + " needed before a change is proposed");
        }
        List<ThresholdPoint> candidates = curve.stream().filter(point -> point.judged() > 0 && occupied(histogram, point)).toList();
        ThresholdPoint best = candidates.stream().filter(point -> point.accuracyLower() >= policy.accuracyTarget())
                .findFirst().orElse(null);
        int currentStep = step(current.threshold());
        String target = percent(policy.accuracyTarget()) + " target";
        if (best != null && step(best.threshold()) < currentStep) {
            long correct = histogram.below(current.threshold(), Verdict.CORRECT) - histogram.below(best.threshold(), Verdict.CORRECT);
            long between = correct + histogram.below(current.threshold(), Verdict.WRONG)
                    - histogram.below(best.threshold(), Verdict.WRONG);
            return new Proposal(ThresholdChange.LOWER, best, String.format(Locale.ROOT,
                    "lower %s from %s to %s: %d of %d routes it passed on between them were correct; accuracy at %s %s "
                            + "(at least %s with confidence, %s), capture %s -> %s",
                    layer, threshold(current.threshold()), threshold(best.threshold()), correct, between,
                    threshold(best.threshold()), percent(best.accuracy()), percent(best.accuracyLower()), target,
                    percent(current.capture()), percent(best.capture())));
        }
        boolean confidentlyShort = current.judged() > 0 && current.accuracyUpper() < policy.accuracyTarget();
        String currentAccuracy = String.format(Locale.ROOT, "accuracy at %s is %s (%s-%s with confidence)",
                threshold(current.threshold()), percent(current.accuracy()), percent(current.accuracyLower()),
                percent(current.accuracyUpper()));
        if (confidentlyShort && best != null) {
            long wrong = histogram.atOrAbove(current.threshold(), Verdict.WRONG) - histogram.atOrAbove(best.threshold(), Verdict.WRONG);
            long between = wrong + histogram.atOrAbove(current.threshold(), Verdict.CORRECT)
                    - histogram.atOrAbove(best.threshold(), Verdict.CORRECT);
            return new Proposal(ThresholdChange.RAISE, best, String.format(Locale.ROOT,
                    "raise %s from %s to %s: %d of %d routes it accepted between them were wrong; %s, below the %s; "
                            + "at %s %s (at least %s), capture %s -> %s",
                    layer, threshold(current.threshold()), threshold(best.threshold()), wrong, between, currentAccuracy, target,
                    threshold(best.threshold()), percent(best.accuracy()), percent(best.accuracyLower()),
                    percent(current.capture()), percent(best.capture())));
        }
        if (confidentlyShort) {
            ThresholdPoint closest = candidates.stream()
                    .max((a, b) -> Double.compare(a.accuracyLower(), b.accuracyLower())).orElse(current);
            return new Proposal(ThresholdChange.KEEP, current, at + currentAccuracy + ", below the " + target
                    + ", and no threshold reaches it with confidence (best: at least " + percent(closest.accuracyLower())
                    + " at " + threshold(closest.threshold()) + "); its confidence does not tell right routes from wrong ones well enough");
        }
        if (best != null && step(best.threshold()) == currentStep) {
            return new Proposal(ThresholdChange.KEEP, current, at + "the lowest threshold whose accuracy reaches the " + target
                    + " with confidence (" + percent(current.accuracy()) + ", at least " + percent(current.accuracyLower()) + ")");
        }
        return new Proposal(ThresholdChange.KEEP, current, at + currentAccuracy + ", neither clearly above nor clearly below the "
                + target);
    }

    /**
     * Whether proposals sit right at this threshold. Thresholds between two occupied bins accept the
     * same routes as the upper one; the analysis names the upper one, where the evidence starts.
     */
    private static boolean occupied(ConfidenceHistogram histogram, ThresholdPoint point) {
        int bin = step(point.threshold());
        return bin < ConfidenceHistogram.BINS && histogram.count(bin, Verdict.CORRECT) + histogram.count(bin, Verdict.WRONG)
                + histogram.count(bin, Verdict.UNKNOWN) > 0;
    }

    /** The grid step a threshold accepts from, as {@link ConfidenceHistogram#atOrAbove} resolves it. */
    private static int step(double threshold) {
        return Math.min(ConfidenceHistogram.BINS, (int) Math.ceil(threshold * ConfidenceHistogram.BINS - 1e-9));
    }

    private static String threshold(double threshold) {
        return String.format(Locale.ROOT, "%.2f", threshold);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
