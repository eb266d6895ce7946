package dev.modelperf.toolbox.decisions;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What fixed policies reach on a data set, computed from the file alone: the best single model,
 * the best model per category chosen in hindsight, the best model per prompt, and a uniformly
 * random choice (its expected accuracy). Cost is USD per 1,000 prompts.
 */
public record ReferenceFigures(int prompts, List<Single> singles, Single bestSingle, Oracle categoryOracle, Oracle promptOracle,
                               Oracle random) {

    /** One model for every prompt. */
    public record Single(String model, double accuracy, double costPer1k) {
    }

    /** A policy's accuracy and cost per 1,000 prompts. */
    public record Oracle(double accuracy, double costPer1k) {
    }

    /** The weakest single model (lowest accuracy), the other end of the gap a router closes. */
    public Single worstSingle() {
        return singles.stream().min(Comparator.comparingDouble(Single::accuracy)).orElseThrow();
    }

    /** The share of the gap between the weakest and the best single model that {@code accuracy} closes. */
    public double gapClosed(double accuracy) {
        double gap = bestSingle.accuracy() - worstSingle().accuracy();
        return gap == 0 ? Double.NaN : (accuracy - worstSingle().accuracy()) / gap;
    }

    /** Ties go to the cheaper model, then to the first in the file, so the figures are exact. */
    public static ReferenceFigures of(PromptOutcomes data) {
        int n = data.prompts().size();
        Map<String, double[]> totals = sums(data.prompts(), data.models());
        String best = pick(data.models(), totals);
        double[] bestTotals = totals.get(best);
        Single single = new Single(best, bestTotals[0] / n, 1000 * bestTotals[1] / n);
        List<Single> singles = data.models().stream()
                .map(model -> new Single(model, totals.get(model)[0] / n, 1000 * totals.get(model)[1] / n)).toList();

        Map<String, List<PromptOutcomes.Prompt>> byCategory = new HashMap<>();
        data.prompts().forEach(p -> byCategory.computeIfAbsent(p.category(), c -> new java.util.ArrayList<>()).add(p));
        double categoryScore = 0;
        double categoryCost = 0;
        for (List<PromptOutcomes.Prompt> prompts : byCategory.values()) {
            Map<String, double[]> categoryTotals = sums(prompts, data.models());
            double[] chosen = categoryTotals.get(pick(data.models(), categoryTotals));
            categoryScore += chosen[0];
            categoryCost += chosen[1];
        }

        double promptScore = 0;
        double promptCost = 0;
        double randomScore = 0;
        double randomCost = 0;
        for (PromptOutcomes.Prompt prompt : data.prompts()) {
            Map<String, double[]> one = sums(List.of(prompt), data.models());
            double[] chosen = one.get(pick(data.models(), one));
            promptScore += chosen[0];
            promptCost += chosen[1];
            for (String model : data.models()) {
                randomScore += prompt.of(model).score() / data.models().size();
                randomCost += prompt.of(model).costUsd() / data.models().size();
            }
        }
        return new ReferenceFigures(n, singles, single, new Oracle(categoryScore / n, 1000 * categoryCost / n),
                new Oracle(promptScore / n, 1000 * promptCost / n), new Oracle(randomScore / n, 1000 * randomCost / n));
    }

    /** Per model: {score sum, cost sum} over {@code prompts}. */
    private static Map<String, double[]> sums(List<PromptOutcomes.Prompt> prompts, List<String> models) {
        Map<String, double[]> totals = new HashMap<>();
        for (String model : models) {
            double[] sum = new double[2];
            for (PromptOutcomes.Prompt prompt : prompts) {
                sum[0] += prompt.of(model).score();
                sum[1] += prompt.of(model).costUsd();
            }
            totals.put(model, sum);
        }
        return totals;
    }

    private static String pick(List<String> models, Map<String, double[]> totals) {
        Comparator<String> byScore = Comparator.comparingDouble(model -> -totals.get(model)[0]);
        return models.stream().sorted(byScore.thenComparingDouble(model -> totals.get(model)[1])
                .thenComparingInt(models::indexOf)).findFirst().orElseThrow();
    }
}
