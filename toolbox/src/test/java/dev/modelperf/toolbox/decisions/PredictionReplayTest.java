package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Complexity;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Prompt length as the complexity of data sets that have none. */
class PredictionReplayTest {

    @Test
    void theTrainingPromptsLengthTertilesAreLowMediumAndHigh() {
        // Two models whose tokenisers differ: sizes are the means, 10, 20, ... 60.
        List<PromptOutcomes.Prompt> prompts = LongStream.rangeClosed(1, 6).mapToObj(i -> new PromptOutcomes.Prompt("p" + i, "a/b",
                Map.of("x", outcome(10 * i - 2), "y", outcome(10 * i + 2)))).toList();

        double[] bounds = PredictionReplay.tertileBounds(prompts);

        assertThat(bounds).containsExactly(30, 50);
        assertThat(prompts.stream().map(p -> PredictionReplay.complexity(p, bounds)).toList()).containsExactly(
                Complexity.LOW, Complexity.LOW, Complexity.MEDIUM, Complexity.MEDIUM, Complexity.HIGH, Complexity.HIGH);
    }

    private static PromptOutcomes.Outcome outcome(long inputTokens) {
        return new PromptOutcomes.Outcome(1, inputTokens, 1, 0.001);
    }
}
