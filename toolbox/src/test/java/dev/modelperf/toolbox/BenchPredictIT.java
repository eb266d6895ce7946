package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code modelperf bench-predict} over {@code bench/decision-replay-it.csv} through the real
 * embedded stack: 210 prompts in three categories where acme/strong is right on 63, 28 and 49 of
 * 70 and acme/light on 21, 63 and 49, so predictions per category and model must beat the base rate.
 */
class BenchPredictIT {

    private static final String DATA = "src/test/resources/bench/decision-replay-it.csv";

    @Test
    void learnsFromSeventyPercentAndScoresThePredictionsOfTheRest() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("bench-predict", "--data", DATA, "--seed", "7", "--json");

        System.out.print(err);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.path("trainPrompts").asInt()).isEqualTo(147);
        assertThat(result.path("heldOutPrompts").asInt()).isEqualTo(63);
        for (String mapping : new String[] {"none", "lengthTertile"}) {
            JsonNode report = result.path("byComplexity").path(mapping);
            assertThat(report.path("forecasts").asLong()).as(mapping).isEqualTo(126);
            long binned = 0;
            for (JsonNode bin : report.path("reliability")) {
                binned += bin.path("count").asLong();
            }
            assertThat(binned).as(mapping).isEqualTo(126);
            assertThat(report.path("brier").asDouble()).as(mapping + " Brier against the base rate's")
                    .isLessThan(report.path("baseRateBrier").asDouble() - 0.02);
            assertThat(report.path("coverage").asDouble()).as(mapping).isBetween(0.5, 1.0);
        }
        assertThat(result.path("byComplexity").path("none").path("groups").asInt()).as("3 categories × 2 models").isEqualTo(6);
    }
}
