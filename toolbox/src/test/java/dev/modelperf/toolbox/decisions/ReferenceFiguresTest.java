package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/reference-figures.csv}: five prompts, two models, two categories, worked out by hand.
 * m/strong scores 1,1,0,1,1 at $0.01 (p5 $0.02); weak 0,1,1,1,0 at $0.001 (p5 $0.002).
 */
class ReferenceFiguresTest {

    private static final double EXACT = 1e-12;

    private static ReferenceFigures figures() throws IOException {
        return ReferenceFigures.of(OutcomesCsv.read(Path.of("src/test/resources/bench/reference-figures.csv")));
    }

    @Test
    void bestSingleModelIsTheMostAccurateOneAndItsCost() throws IOException {
        ReferenceFigures figures = figures();

        assertThat(figures.prompts()).isEqualTo(5);
        assertThat(figures.bestSingle().model()).isEqualTo("m/strong");
        assertThat(figures.bestSingle().accuracy()).isCloseTo(4 / 5.0, within(EXACT));
        assertThat(figures.bestSingle().costPer1k()).isCloseTo(1000 * 0.06 / 5, within(EXACT));
        assertThat(figures.worstSingle().model()).isEqualTo("weak");
        assertThat(figures.worstSingle().accuracy()).isCloseTo(3 / 5.0, within(EXACT));
        assertThat(figures.worstSingle().costPer1k()).isCloseTo(1000 * 0.006 / 5, within(EXACT));
        assertThat(figures.gapClosed(0.7)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void categoryOracleTakesEachCategorysBestModelAndTheCheaperOnATie() throws IOException {
        // c/x: m/strong 2 vs weak 1; c/y: 2 vs 2, so weak (cheaper): 4 of 5 correct for 0.02 + 0.004.
        ReferenceFigures.Oracle oracle = figures().categoryOracle();

        assertThat(oracle.accuracy()).isCloseTo(4 / 5.0, within(EXACT));
        assertThat(oracle.costPer1k()).isCloseTo(1000 * 0.024 / 5, within(EXACT));
    }

    @Test
    void promptOracleTakesACorrectModelPerPromptAndTheCheaperOnATie() throws IOException {
        // p1 strong, p2 weak, p3 weak, p4 weak, p5 strong: all correct for 0.01 + 0.003 + 0.02.
        ReferenceFigures.Oracle oracle = figures().promptOracle();

        assertThat(oracle.accuracy()).isCloseTo(1.0, within(EXACT));
        assertThat(oracle.costPer1k()).isCloseTo(1000 * 0.033 / 5, within(EXACT));
    }

    @Test
    void randomIsTheExpectationOfAUniformChoice() throws IOException {
        // Per prompt the mean of both models: 0.5 + 1 + 0.5 + 1 + 0.5; costs (0.011 * 4 + 0.022) / 2.
        ReferenceFigures.Oracle random = figures().random();

        assertThat(random.accuracy()).isCloseTo(3.5 / 5, within(EXACT));
        assertThat(random.costPer1k()).isCloseTo(1000 * 0.033 / 5, within(EXACT));
    }
}
