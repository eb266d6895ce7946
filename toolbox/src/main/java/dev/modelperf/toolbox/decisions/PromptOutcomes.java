package dev.modelperf.toolbox.decisions;

import java.util.List;
import java.util.Map;

/**
 * A replay data set: prompts in file order, each with its category and every model's outcome on
 * it, so that a replay can reveal the outcome of whichever model a policy chose.
 *
 * @param models the file's models, in order of first appearance
 * @param warnings values read other than written (a score clamped into 0..1), naming the line
 */
public record PromptOutcomes(String source, List<String> models, List<Prompt> prompts, List<String> warnings) {

    public PromptOutcomes {
        models = List.copyOf(models);
        prompts = List.copyOf(prompts);
        warnings = List.copyOf(warnings);
    }

    /** One prompt and what each model did with it. */
    public record Prompt(String id, String category, Map<String, Outcome> outcomes) {

        public Prompt {
            outcomes = Map.copyOf(outcomes);
        }

        /** The prompt's size: its input tokens, averaged over the models (their tokenisers differ). */
        public double meanInputTokens() {
            return outcomes.values().stream().mapToLong(Outcome::inputTokens).average().orElse(0);
        }

        public Outcome of(String model) {
            Outcome outcome = outcomes.get(model);
            if (outcome == null) {
                throw new IllegalArgumentException("prompt " + id + " has no outcome for model " + model);
            }
            return outcome;
        }
    }

    /** One model's answer to one prompt: its grade (1 = correct) and what it cost. */
    public record Outcome(double score, long inputTokens, long outputTokens, double costUsd) {
    }
}
