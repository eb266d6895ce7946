package dev.modelperf.routing.ensemble;

import dev.modelperf.routing.cascade.WilsonInterval;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link EnsembleState} into {@link EnsembleAdvice}: ask the smallest number {@code k} of
 * the best models whose agreement with the full panel is at least the target <em>with
 * confidence</em> (the one-sided Wilson lower bound at {@code z}, 95 % by default), else the full
 * panel. The teams' rule of thumb ("variance below 0.1 and history above 0.9: no more models") is
 * checked the same way: the history is the agreement measured over the comparisons whose best
 * {@code k} scored with a low variance, and it counts only when its lower bound reaches the target,
 * so a handful of lucky comparisons cannot switch models off.
 */
public final class EnsembleAdvisor {

    public static final double DEFAULT_TARGET = 0.9;

    private final double target;
    private final double z;

    public EnsembleAdvisor(double target, double z) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be within (0, 1), was " + target);
        }
        if (!(z > 0)) {
            throw new IllegalArgumentException("z must be positive, was " + z);
        }
        this.target = target;
        this.z = z;
    }

    /** Advice at {@code target} with one-sided 95 % confidence. */
    public static EnsembleAdvisor withTarget(double target) {
        return new EnsembleAdvisor(target, WilsonInterval.Z_95_ONE_SIDED);
    }

    public EnsembleAdvice advise(EnsembleState state) {
        List<String> ranked = state.ranking();
        int full = Math.min(Math.max(state.typicalPanelSize(), 1), Math.max(ranked.size(), 1));
        List<PanelCost> costs = new ArrayList<>();
        for (int k = 0; k <= full; k++) {
            costs.add(PanelCost.of(state, ranked, k));
        }
        List<EnsembleAdvice.PanelSize> sizes = new ArrayList<>();
        for (int k = 1; k < full; k++) {
            sizes.add(size(state, ranked, k, costs.get(k)));
        }
        EnsembleAdvice.PanelSize proven = sizes.stream().filter(size -> size.comparisons() > 0 && size.agreementLower() >= target)
                .findFirst().orElse(null);
        int recommended = proven == null ? full : proven.k();
        PanelCost chosen = costs.get(recommended);
        PanelCost whole = costs.get(full);
        Double saving = whole.usd() == null || chosen.usd() == null ? null : whole.usd() - chosen.usd();
        Double savingShare = saving == null || whole.usd() == 0 ? null : saving / whole.usd();
        EnsembleAdvice.StopEarly stopEarly = stopEarly(state, sizes, recommended, costs);
        String reason = reason(state, sizes, proven, full, saving, savingShare);
        List<EnsembleAdvice.ModelFigures> figures = ranked.stream().map(model -> {
            ModelTally tally = state.models().get(model);
            return new EnsembleAdvice.ModelFigures(model, tally.answers(), tally.wins(), tally.winShare(), tally.meanScore(),
                    tally.meanCostUsd(), tally.meanLatencyMs());
        }).toList();
        return new EnsembleAdvice(state.comparisons(), state.decided(), state.ties(), state.untrackedAnswers(), target, z, full,
                top(ranked, full), whole.usd(), recommended, top(ranked, recommended), chosen.usd(), saving, savingShare, reason,
                stopEarly, sizes, figures);
    }

    private EnsembleAdvice.PanelSize size(EnsembleState state, List<String> ranked, int k, PanelCost cost) {
        long asked = state.asked(k);
        long agreed = state.agreed(k);
        long lowAsked = state.lowVarianceAsked(k);
        long lowAgreed = state.lowVarianceAgreed(k);
        return new EnsembleAdvice.PanelSize(k, top(ranked, k), asked, agreed, share(agreed, asked), lower(agreed, asked), cost.usd(),
                cost.latencyMs(), lowAsked, lowAgreed, share(lowAgreed, lowAsked), lower(lowAgreed, lowAsked));
    }

    /**
     * The smallest {@code k} (at least two: one answer has no variance) below the recommendation
     * whose low-variance agreement is proven; failing that, the best-supported candidate, reported
     * as not applying.
     */
    private EnsembleAdvice.StopEarly stopEarly(EnsembleState state, List<EnsembleAdvice.PanelSize> sizes, int recommended,
                                               List<PanelCost> costs) {
        double variance = state.lowVariance();
        if (recommended <= 1) {
            return new EnsembleAdvice.StopEarly(false, null, variance, 0, 0, null, null, null, null,
                    "not needed: the best model alone agrees with the full panel");
        }
        if (recommended == 2) {
            return new EnsembleAdvice.StopEarly(false, null, variance, 0, 0, null, null, null, null,
                    "not possible: judging the answers' variance takes two of them, as many as the advice asks");
        }
        List<EnsembleAdvice.PanelSize> candidates = sizes.stream()
                .filter(size -> size.k() >= 2 && size.k() < recommended && size.lowVarianceComparisons() > 0).toList();
        if (candidates.isEmpty()) {
            return new EnsembleAdvice.StopEarly(false, null, variance, 0, 0, null, null, null, null, String.format(Locale.ROOT,
                    "no evidence yet: in no comparison did the best %s score with a variance below %s",
                    recommended == 3 ? "2" : "2 to " + (recommended - 1), number(variance)));
        }
        EnsembleAdvice.PanelSize chosen = candidates.stream().filter(size -> size.lowVarianceAgreementLower() >= target).findFirst()
                .orElse(null);
        boolean applies = chosen != null;
        if (!applies) {
            chosen = candidates.stream().max((a, b) -> Double.compare(a.lowVarianceAgreementLower(), b.lowVarianceAgreementLower()))
                    .orElseThrow();
        }
        int k = chosen.k();
        double stopShare = chosen.comparisons() == 0 ? 0 : (double) chosen.lowVarianceComparisons() / chosen.comparisons();
        Double first = costs.get(k).usd();
        Double rest = costs.get(recommended).usd();
        Double expected = first == null || rest == null ? null : first + (1 - stopShare) * (rest - first);
        String measured = String.format(Locale.ROOT, "their pick agreed with the full panel in %d of %d such comparisons (%s, at least %s "
                        + "with confidence)", chosen.lowVarianceAgreed(), chosen.lowVarianceComparisons(),
                percent(chosen.lowVarianceAgreement()), percent(chosen.lowVarianceAgreementLower()));
        String rule = applies
                ? String.format(Locale.ROOT, "ask the best %d first and stop when their scores' variance is below %s (%s of tasks): %s; "
                        + "otherwise ask the best %d", k, number(variance), percent(stopShare), measured, recommended)
                : String.format(Locale.ROOT, "not proven: when the best %d scored with a variance below %s, %s, short of the %s target%s",
                        k, number(variance), measured, percent(target), chosen.lowVarianceAgreement() > target
                                ? " (the rule of thumb, judging by the raw rate, would already stop)" : "");
        return new EnsembleAdvice.StopEarly(applies, k, variance, chosen.lowVarianceComparisons(), chosen.lowVarianceAgreed(),
                chosen.lowVarianceAgreement(), chosen.lowVarianceAgreementLower(), stopShare, expected, rule);
    }

    private String reason(EnsembleState state, List<EnsembleAdvice.PanelSize> sizes, EnsembleAdvice.PanelSize proven, int full,
                          Double saving, Double savingShare) {
        if (state.decided() == 0) {
            return "ask the full panel: no comparison with a winner or a tie in this span, so no smaller panel can be judged";
        }
        if (full <= 1) {
            return "ask the one model these comparisons hold";
        }
        String goal = percent(target) + " target";
        if (proven != null) {
            return String.format(Locale.ROOT, "ask the best %d of %d: they picked the full panel's winner in %d of %d comparisons "
                            + "(%s, at least %s with confidence, %s)%s", proven.k(), full, proven.agreed(), proven.comparisons(),
                    percent(proven.agreement()), percent(proven.agreementLower()), goal,
                    saving == null ? "; the saving is unknown (costs missing)"
                            : String.format(Locale.ROOT, ", saving %s per task (%s)", usd(saving), percent(savingShare)));
        }
        EnsembleAdvice.PanelSize closest = sizes.stream().filter(size -> size.comparisons() > 0)
                .max((a, b) -> Double.compare(a.agreementLower(), b.agreementLower())).orElse(null);
        if (closest == null) {
            return String.format(Locale.ROOT, "ask the full panel of %d: no decided comparison had more than one answer", full);
        }
        long needed = (long) Math.ceil(z * z * target / (1 - target) - 1e-9);
        return String.format(Locale.ROOT, "ask the full panel of %d: no smaller panel agrees with it often enough with confidence "
                        + "(closest: the best %d, %d of %d, %s, at least %s, %s)%s", full, closest.k(), closest.agreed(),
                closest.comparisons(), percent(closest.agreement()), percent(closest.agreementLower()), goal,
                closest.comparisons() < needed ? String.format(Locale.ROOT,
                        "; even perfect agreement needs %d comparisons to prove it", needed) : "");
    }

    private double lower(long successes, long n) {
        return WilsonInterval.of(successes, n, z).lower();
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static List<String> top(List<String> ranked, int k) {
        return List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
    }

    private static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    /** Three significant digits: a task can cost a thousandth of a cent, and a saving of "$0.0000" says nothing. */
    private static String usd(double value) {
        return "$" + new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * What asking the best {@code k} costs per task (their mean costs summed) and takes (the
     * slowest mean latency); unknown when one of them never reported it, or when there is no one to ask.
     */
    private record PanelCost(Double usd, Double latencyMs) {

        static PanelCost of(EnsembleState state, List<String> ranked, int k) {
            List<String> asked = ranked.subList(0, Math.min(k, ranked.size()));
            double usd = 0;
            double latency = 0;
            boolean costKnown = !asked.isEmpty();
            boolean latencyKnown = !asked.isEmpty();
            for (String model : asked) {
                ModelTally tally = state.models().get(model);
                costKnown &= tally.meanCostUsd() != null;
                latencyKnown &= tally.meanLatencyMs() != null;
                usd += tally.meanCostUsd() == null ? 0 : tally.meanCostUsd();
                latency = Math.max(latency, tally.meanLatencyMs() == null ? 0 : tally.meanLatencyMs());
            }
            return new PanelCost(costKnown ? usd : null, latencyKnown ? latency : null);
        }
    }
}
