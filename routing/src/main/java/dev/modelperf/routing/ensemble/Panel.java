package dev.modelperf.routing.ensemble;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What ensemble advice needs of one comparison: each answer's model, score, latency and cost, the
 * declared winner or a tie, and when it was judged. Scores, latencies and costs may be unknown.
 */
public record Panel(long timestampMs, List<Answer> answers, String winner, boolean tie) {

    /** One model's answer in the panel. */
    public record Answer(String model, Double score, Long latencyMs, Double costUsd) {
    }

    public Panel {
        answers = List.copyOf(answers);
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("a panel has at least one answer");
        }
        Set<String> models = new HashSet<>();
        for (Answer answer : answers) {
            if (!models.add(answer.model())) {
                throw new IllegalArgumentException("model " + answer.model() + " answered twice");
            }
        }
        if (winner != null && (tie || !models.contains(winner))) {
            throw new IllegalArgumentException("the winner must be one of the answers and absent on a tie (was " + winner + ")");
        }
    }

    /** The panel of a comparison that passed {@code ComparisonRules}. */
    public static Panel of(Comparison comparison) {
        List<Answer> answers = new ArrayList<>(comparison.getEntries().size());
        for (ComparisonEntry entry : comparison.getEntries()) {
            answers.add(new Answer(entry.getModel(), entry.getScore(), entry.getLatencyMs(), entry.getCostUsd()));
        }
        return new Panel(comparison.getTimestamp().toEpochMilli(), answers, comparison.getWinner(), comparison.getTie());
    }

    public int size() {
        return answers.size();
    }

    /**
     * The models the full panel picked: the declared winner; on a tie every answer (none is better,
     * so whichever a smaller panel picks is as good); otherwise those sharing the top score. Empty
     * when nothing decides (no winner, no tie, no score).
     */
    public Set<String> winners() {
        if (winner != null) {
            return Set.of(winner);
        }
        Set<String> winners = new HashSet<>();
        if (tie) {
            answers.forEach(answer -> winners.add(answer.model()));
            return winners;
        }
        double top = answers.stream().filter(answer -> answer.score() != null).mapToDouble(Answer::score).max().orElse(Double.NaN);
        for (Answer answer : answers) {
            if (answer.score() != null && answer.score() == top) {
                winners.add(answer.model());
            }
        }
        return winners;
    }
}
