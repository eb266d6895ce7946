package dev.modelperf.routing.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything ensemble advice needs about one category level's comparisons, folded one comparison
 * at a time and small enough for a store: per model its {@link ModelTally}, and per panel size
 * {@code k} how often the best {@code k} of a panel would have picked the panel's winner.
 *
 * <p>The best {@code k} are ranked by the level's history <em>before</em> the comparison (the
 * caller passes that ranking), so the agreement measured is what a router that trusted the
 * history would have got, not hindsight. Within the best {@code k}, the pick is the declared
 * winner when it is among them (a judge that prefers it among all prefers it among fewer), else
 * the top score among them, equal scores going to the better-ranked model, no scores to the
 * best-ranked. The pick agrees when it is one of {@link Panel#winners()}: on a tie every pick
 * agrees. Each count is also kept for the comparisons whose best {@code k} scored with a variance
 * below {@link #lowVariance()} (population variance of their scores, at least two needed): what a
 * router sees after {@code k} answers when it decides whether to ask more.
 *
 * <p>Bounded: at most {@value #MAX_MODELS} models are tracked; answers of further models count in
 * {@link #untrackedAnswers()} but in no tally. Panel sizes are bounded by the comparison rules.
 */
public final class EnsembleState {

    /** Comparisons hold at most this many answers ({@code ComparisonRules.MAX_ENTRIES}). */
    public static final int MAX_PANEL = 16;
    /** How many models one level tracks; arenas and debates seldom field more than a few dozen. */
    public static final int MAX_MODELS = 64;
    /** The teams' own rule of thumb for "the answers agree". */
    public static final double DEFAULT_LOW_VARIANCE = 0.1;
    /** The largest variance scores within 0..1 can have: a bound above it would call every panel agreeing. */
    public static final double MAX_LOW_VARIANCE = 0.25;

    private final double lowVariance;
    final Map<String, ModelTally> models;
    long comparisons;
    long decided;
    long ties;
    long untrackedAnswers;
    final long[] panelSizes;
    long costedPanels;
    double panelCostSum;
    final long[] asked;
    final long[] agreed;
    final long[] lowAsked;
    final long[] lowAgreed;

    public EnsembleState(double lowVariance) {
        this(lowVariance, new TreeMap<>(), new long[MAX_PANEL + 1], new long[MAX_PANEL], new long[MAX_PANEL], new long[MAX_PANEL],
                new long[MAX_PANEL]);
    }

    EnsembleState(double lowVariance, Map<String, ModelTally> models, long[] panelSizes, long[] asked, long[] agreed,
                  long[] lowAsked, long[] lowAgreed) {
        this.lowVariance = requireLowVariance(lowVariance);
        this.models = models;
        this.panelSizes = panelSizes;
        this.asked = asked;
        this.agreed = agreed;
        this.lowAsked = lowAsked;
        this.lowAgreed = lowAgreed;
    }

    /**
     * {@code lowVariance} when it can tell agreeing panels from others: above 0, and at most 0.25,
     * the largest variance scores in 0..1 can have (a higher threshold would call every panel agreed).
     */
    public static double requireLowVariance(double lowVariance) {
        if (!(lowVariance > 0 && lowVariance <= MAX_LOW_VARIANCE)) {
            throw new IllegalArgumentException("lowVariance must be within (0, 0.25], was " + lowVariance);
        }
        return lowVariance;
    }

    /**
     * Folds one comparison in. {@code rankingBefore} orders models best first, as the level's
     * history ranked them before this comparison ({@link #ranking()} of the history); models it
     * does not hold rank after it, by name.
     */
    public void record(Panel panel, List<String> rankingBefore) {
        if (panel.size() > MAX_PANEL) {
            throw new IllegalArgumentException("a panel holds at most " + MAX_PANEL + " answers, had " + panel.size());
        }
        comparisons++;
        panelSizes[panel.size()]++;
        Set<String> winners = panel.winners();
        double panelCost = 0;
        boolean costed = true;
        for (Panel.Answer answer : panel.answers()) {
            ModelTally tally = tally(answer.model());
            if (tally == null) {
                untrackedAnswers++;
            } else {
                tally.add(answer);
                if (!winners.isEmpty()) {
                    tally.decidedAnswers++;
                    tally.wins += winners.contains(answer.model()) ? 1.0 / winners.size() : 0;
                }
            }
            costed &= answer.costUsd() != null;
            panelCost += answer.costUsd() == null ? 0 : answer.costUsd();
        }
        if (costed) {
            costedPanels++;
            panelCostSum += panelCost;
        }
        if (winners.isEmpty()) {
            return;
        }
        decided++;
        ties += panel.tie() ? 1 : 0;
        List<Panel.Answer> best = byRank(panel.answers(), rankingBefore);
        for (int k = 1; k < panel.size(); k++) {
            List<Panel.Answer> subset = best.subList(0, k);
            boolean agrees = winners.contains(pick(subset, panel.winner()));
            asked[k]++;
            agreed[k] += agrees ? 1 : 0;
            if (variance(subset) < lowVariance) {
                lowAsked[k]++;
                lowAgreed[k] += agrees ? 1 : 0;
            }
        }
    }

    private ModelTally tally(String model) {
        ModelTally tally = models.get(model);
        if (tally == null && models.size() < MAX_MODELS) {
            tally = new ModelTally();
            models.put(model, tally);
        }
        return tally;
    }

    private static List<Panel.Answer> byRank(List<Panel.Answer> answers, List<String> ranking) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ranking.size(); i++) {
            position.put(ranking.get(i), i);
        }
        List<Panel.Answer> ordered = new ArrayList<>(answers);
        ordered.sort(Comparator.<Panel.Answer>comparingInt(answer -> position.getOrDefault(answer.model(), Integer.MAX_VALUE))
                .thenComparing(Panel.Answer::model));
        return ordered;
    }

    /** What the best {@code k}, in rank order, would have picked. */
    private static String pick(List<Panel.Answer> subset, String declaredWinner) {
        Panel.Answer top = subset.get(0);
        for (Panel.Answer answer : subset) {
            if (answer.model().equals(declaredWinner)) {
                return declaredWinner;
            }
            if (answer.score() != null && (top.score() == null || answer.score() > top.score())) {
                top = answer;
            }
        }
        return top.model();
    }

    /** Population variance of the known scores; NaN (never low) with fewer than two. */
    static double variance(List<Panel.Answer> answers) {
        long n = 0;
        double sum = 0;
        double squares = 0;
        for (Panel.Answer answer : answers) {
            if (answer.score() != null) {
                n++;
                sum += answer.score();
                squares += answer.score() * answer.score();
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double mean = sum / n;
        return Math.max(0, squares / n - mean * mean);
    }

    /**
     * The tracked models best first: by win share shrunk toward the level's typical share (one
     * answer in a panel of the usual size, weighted as two decided answers) so that one lucky win
     * does not top the list; then mean score, answers, name.
     */
    public List<String> ranking() {
        double prior = 1.0 / Math.max(1, typicalPanelSize());
        Comparator<Map.Entry<String, ModelTally>> order = Comparator
                .<Map.Entry<String, ModelTally>>comparingDouble(entry -> -shrunkWinShare(entry.getValue(), prior))
                .thenComparingDouble(entry -> entry.getValue().meanScore() == null ? 1 : -entry.getValue().meanScore())
                .thenComparingLong(entry -> -entry.getValue().answers())
                .thenComparing(Map.Entry::getKey);
        return models.entrySet().stream().sorted(order).map(Map.Entry::getKey).toList();
    }

    private static double shrunkWinShare(ModelTally tally, double prior) {
        return (tally.wins + 2 * prior) / (tally.decidedAnswers + 2);
    }

    /** The most frequent panel size (the larger on equal counts); 0 before any comparison. */
    public int typicalPanelSize() {
        int typical = 0;
        for (int size = 1; size <= MAX_PANEL; size++) {
            if (panelSizes[size] > 0 && panelSizes[size] >= panelSizes[typical]) {
                typical = size;
            }
        }
        return typical;
    }

    /** Adds {@code other}'s counts, e.g. to read several day buckets as one span. */
    public void merge(EnsembleState other) {
        other.models.forEach((model, tally) -> {
            ModelTally mine = models.get(model);
            if (mine != null) {
                mine.merge(tally);
            } else if (models.size() < MAX_MODELS) {
                models.put(model, tally.copy());
            } else {
                untrackedAnswers += tally.answers;
            }
        });
        comparisons += other.comparisons;
        decided += other.decided;
        ties += other.ties;
        untrackedAnswers += other.untrackedAnswers;
        costedPanels += other.costedPanels;
        panelCostSum += other.panelCostSum;
        add(panelSizes, other.panelSizes);
        add(asked, other.asked);
        add(agreed, other.agreed);
        add(lowAsked, other.lowAsked);
        add(lowAgreed, other.lowAgreed);
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    public double lowVariance() {
        return lowVariance;
    }

    public Map<String, ModelTally> models() {
        return Collections.unmodifiableMap(models);
    }

    public long comparisons() {
        return comparisons;
    }

    /** Comparisons with a winner or a tie; the others (no winner, no score) say nothing about agreement. */
    public long decided() {
        return decided;
    }

    public long ties() {
        return ties;
    }

    public long untrackedAnswers() {
        return untrackedAnswers;
    }

    /** The mean cost of a whole panel, over the comparisons where every answer had a cost; null when none did. */
    public Double meanPanelCostUsd() {
        return costedPanels == 0 ? null : panelCostSum / costedPanels;
    }

    public long costedPanels() {
        return costedPanels;
    }

    /** Decided comparisons with more than {@code k} answers: those where the best {@code k} could differ from the panel. */
    public long asked(int k) {
        return k < 1 || k >= MAX_PANEL ? 0 : asked[k];
    }

    public long agreed(int k) {
        return k < 1 || k >= MAX_PANEL ? 0 : agreed[k];
    }

    /** Of {@link #asked(int)}, those whose best {@code k} scored with a low variance. */
    public long lowVarianceAsked(int k) {
        return k < 1 || k >= MAX_PANEL ? 0 : lowAsked[k];
    }

    public long lowVarianceAgreed(int k) {
        return k < 1 || k >= MAX_PANEL ? 0 : lowAgreed[k];
    }

    public long panelsOfSize(int size) {
        return size < 0 || size > MAX_PANEL ? 0 : panelSizes[size];
    }

    public EnsembleState copy() {
        EnsembleState copy = new EnsembleState(lowVariance);
        copy.merge(this);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EnsembleState that && lowVariance == that.lowVariance && models.equals(that.models)
                && comparisons == that.comparisons && decided == that.decided && ties == that.ties
                && untrackedAnswers == that.untrackedAnswers && costedPanels == that.costedPanels
                && panelCostSum == that.panelCostSum && Arrays.equals(panelSizes, that.panelSizes) && Arrays.equals(asked, that.asked)
                && Arrays.equals(agreed, that.agreed) && Arrays.equals(lowAsked, that.lowAsked) && Arrays.equals(lowAgreed, that.lowAgreed);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(comparisons) * 31 + Arrays.hashCode(agreed);
    }
}
