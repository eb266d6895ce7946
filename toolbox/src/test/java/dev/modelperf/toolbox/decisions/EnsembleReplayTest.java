package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelperf.routing.ensemble.EnsembleAdvice;
import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.routing.ensemble.Panel;
import dev.modelperf.schemas.category.CategoryPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ensemble advice on the real per-prompt outcomes of {@code shared/datasets}: every prompt as a
 * panel of the file's models, its winners the top scores, folded per category level as the stream
 * folds comparisons. Prints the advice per file at {@code *} and how many categories one model
 * suffices for; checks the agreement counted against the outcomes themselves.
 */
class EnsembleReplayTest {

    private static final Path DATASETS = Path.of("../../shared/datasets");

    @ParameterizedTest
    @ValueSource(strings = {"routellm-mmlu.csv", "routerarena.csv"})
    void advisesOnRealPanels(String file) throws IOException {
        Path data = DATASETS.resolve(file);
        assumeTrue(Files.exists(data), "the shared datasets are next to the repository");
        PromptOutcomes outcomes = OutcomesCsv.read(data);
        Map<String, EnsembleState> levels = new TreeMap<>();
        long time = 0;
        for (PromptOutcomes.Prompt prompt : outcomes.prompts()) {
            List<Panel.Answer> answers = new ArrayList<>();
            for (String model : outcomes.models()) {
                PromptOutcomes.Outcome outcome = prompt.of(model);
                answers.add(new Panel.Answer(model, outcome.score(), null, outcome.costUsd()));
            }
            Panel panel = new Panel(time++, answers, null, false);
            for (String level : CategoryPath.levels(prompt.category())) {
                EnsembleState state = levels.computeIfAbsent(level, l -> new EnsembleState(EnsembleState.DEFAULT_LOW_VARIANCE));
                state.record(panel, state.ranking());
            }
        }

        EnsembleState all = levels.get(CategoryPath.ROOT);
        EnsembleAdvice advice = EnsembleAdvisor.withTarget(0.9).advise(all);
        String best = advice.ranking().get(0).model();
        long bestAtLeastAsGood = outcomes.prompts().stream().filter(prompt -> outcomes.models().stream()
                .allMatch(model -> prompt.of(best).score() >= prompt.of(model).score())).count();
        long categories = levels.keySet().stream().filter(level -> CategoryPath.depth(level) > 0).count();
        long oneSuffices = levels.entrySet().stream().filter(level -> CategoryPath.depth(level.getKey()) > 0)
                .filter(level -> EnsembleAdvisor.withTarget(0.9).advise(level.getValue()).recommendedSize() == 1).count();
        System.out.printf(Locale.ROOT, "%s: %d prompts, %d models; at *: %s; %d of %d category levels: one model suffices%n",
                file, outcomes.prompts().size(), outcomes.models().size(), advice.reason(), oneSuffices, categories);

        assertThat(all.comparisons()).isEqualTo(outcomes.prompts().size());
        assertThat(all.decided()).as("every prompt has scores").isEqualTo(outcomes.prompts().size());
        // Only the first prompts, before the history settles on the best model, may count otherwise.
        assertThat(all.agreed(1)).isBetween(bestAtLeastAsGood - 5, bestAtLeastAsGood + 5);
    }
}
