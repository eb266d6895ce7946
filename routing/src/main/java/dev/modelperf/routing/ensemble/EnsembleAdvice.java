package dev.modelperf.routing.ensemble;

import java.util.List;

/**
 * How many and which models to ask in one category level, and why.
 *
 * @param comparisons      comparisons in the span
 * @param decided          those with a winner or a tie: the ones agreement is measured on
 * @param ties             decided by a tie (every pick agrees with a tie)
 * @param untrackedAnswers answers of models beyond the tracked ones, in no tally
 * @param target           the agreement with the full panel a smaller panel must reach with confidence
 * @param z                the normal quantile of the one-sided Wilson lower bounds compared with the target
 * @param fullPanelSize    the usual panel size in the span, the "ask everyone" option
 * @param fullPanel        the models of the full panel, best first
 * @param fullPanelCostUsd what the full panel costs per task (sum of its models' mean costs); null when a cost is unknown
 * @param recommendedSize  how many models to ask: the smallest {@code k} proven to agree, else the full panel
 * @param models           the models to ask, best first
 * @param expectedCostUsd  what they cost per task; null when a cost is unknown
 * @param savingUsd        the full panel's cost less theirs, per task
 * @param savingShare      that saving as a share of the full panel's cost
 * @param reason           the advice in one sentence, with the figures behind it
 * @param stopEarly        the "answers agree, stop asking" rule as measured
 * @param sizes            every smaller panel size with its agreement, cost and latency
 * @param ranking          the models best first, with their figures
 */
public record EnsembleAdvice(long comparisons, long decided, long ties, long untrackedAnswers, double target, double z,
                             int fullPanelSize, List<String> fullPanel, Double fullPanelCostUsd, int recommendedSize,
                             List<String> models, Double expectedCostUsd, Double savingUsd, Double savingShare, String reason,
                             StopEarly stopEarly, List<PanelSize> sizes, List<ModelFigures> ranking) {

    public EnsembleAdvice {
        fullPanel = List.copyOf(fullPanel);
        models = List.copyOf(models);
        sizes = List.copyOf(sizes);
        ranking = List.copyOf(ranking);
    }

    /**
     * Asking the best {@code k}: how often they picked the full panel's winner ({@code agreed} of
     * {@code comparisons}, with the Wilson lower bound), what they cost per task and how long the
     * slowest of them takes on average (they are asked in parallel); the same agreement over the
     * comparisons whose best {@code k} scored with a low variance.
     */
    public record PanelSize(int k, List<String> models, long comparisons, long agreed, Double agreement, double agreementLower,
                            Double costUsd, Double latencyMs, long lowVarianceComparisons, long lowVarianceAgreed,
                            Double lowVarianceAgreement, double lowVarianceAgreementLower) {

        public PanelSize {
            models = List.copyOf(models);
        }
    }

    /**
     * The teams' rule made statistical: ask the best {@code afterModels} first; when their scores'
     * variance is below {@code varianceBelow}, ask no more. It {@code applies} when, over the
     * {@code sample} comparisons where that happened, their pick agreed with the full panel's with a
     * lower bound at or above the target. {@code stopShare} is how often it happened (how often the
     * rule saves the rest), {@code expectedCostUsd} the cost per task with the rule in force.
     * Without a candidate ({@code afterModels} null) the figures are null.
     */
    public record StopEarly(boolean applies, Integer afterModels, double varianceBelow, long sample, long agreed, Double agreement,
                            Double agreementLower, Double stopShare, Double expectedCostUsd, String rule) {
    }

    /** One model's figures in the span. */
    public record ModelFigures(String model, long answers, double wins, Double winShare, Double meanScore, Double meanCostUsd,
                               Double meanLatencyMs) {
    }
}
