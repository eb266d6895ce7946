package dev.modelperf.routing.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleAdvisorTest {

    private static final EnsembleAdvisor ADVISOR = EnsembleAdvisor.withTarget(0.9);

    @Test
    void oneDominantModelIsEnough() {
        Random random = new Random(7);
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 200; i++) {
            Panels.fold(state, Panels.of()
                    .answer("weak-1", 0.2 + 0.3 * random.nextDouble(), 0.001)
                    .answer("strong", 0.8 + 0.2 * random.nextDouble(), 0.010)
                    .answer("weak-2", 0.2 + 0.3 * random.nextDouble(), 0.002)
                    .answer("weak-3", 0.2 + 0.3 * random.nextDouble(), 0.003)
                    .byScore());
        }

        EnsembleAdvice advice = ADVISOR.advise(state);

        assertThat(advice.recommendedSize()).isEqualTo(1);
        assertThat(advice.models()).containsExactly("strong");
        assertThat(advice.fullPanelSize()).isEqualTo(4);
        assertThat(advice.fullPanel()).first().isEqualTo("strong");
        assertThat(advice.sizes()).hasSize(3);
        EnsembleAdvice.PanelSize one = advice.sizes().get(0);
        assertThat(one.comparisons()).isEqualTo(200);
        assertThat(one.agreementLower()).isGreaterThanOrEqualTo(0.9);
        assertThat(advice.expectedCostUsd()).isCloseTo(0.010, within(1e-12));
        assertThat(advice.fullPanelCostUsd()).isCloseTo(0.016, within(1e-12));
        assertThat(advice.savingUsd()).isCloseTo(0.006, within(1e-12));
        assertThat(advice.savingShare()).isCloseTo(0.375, within(1e-12));
        assertThat(advice.reason()).startsWith("ask the best 1 of 4: they picked the full panel's winner in ")
                .endsWith("saving $0.006 per task (37.5 %)");
        assertThat(advice.stopEarly().applies()).isFalse();
        assertThat(advice.stopEarly().rule()).startsWith("not needed");
    }

    @Test
    void twoNearEqualModelsNeedBoth() {
        Random random = new Random(11);
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 300; i++) {
            boolean firstWins = random.nextBoolean();
            Panels.fold(state, Panels.of()
                    .answer("alpha", firstWins ? 0.9 : 0.8)
                    .answer("beta", firstWins ? 0.8 : 0.9)
                    .answer("gamma", 0.3)
                    .answer("delta", 0.2)
                    .answer("epsilon", 0.1)
                    .won(firstWins ? "alpha" : "beta"));
        }

        EnsembleAdvice advice = ADVISOR.advise(state);

        assertThat(advice.sizes().get(0).agreement()).isBetween(0.35, 0.65);
        assertThat(advice.recommendedSize()).isEqualTo(2);
        assertThat(advice.models()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(advice.sizes().get(1).agreed()).isEqualTo(300);
        assertThat(advice.stopEarly().applies()).isFalse();
        assertThat(advice.stopEarly().rule()).startsWith("not possible: judging the answers' variance takes two of them");
    }

    @Test
    void tooFewComparisonsKeepTheFullPanelAndSaySo() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 10; i++) {
            Panels.fold(state, Panels.of().answer("a", 0.9).answer("b", 0.4).answer("c", 0.3).won("a"));
        }

        EnsembleAdvice advice = ADVISOR.advise(state);

        assertThat(advice.sizes().get(0).agreed()).as("a won every one after the first, ranked by name").isEqualTo(10);
        assertThat(advice.sizes().get(0).agreementLower()).isLessThan(0.9);
        assertThat(advice.recommendedSize()).isEqualTo(3);
        assertThat(advice.models()).containsExactly("a", "b", "c");
        assertThat(advice.reason()).isEqualTo("ask the full panel of 3: no smaller panel agrees with it often enough with "
                + "confidence (closest: the best 1, 10 of 10, 100.0 %, at least 78.7 %, 90.0 % target); even perfect agreement "
                + "needs 25 comparisons to prove it");
    }

    @Test
    void noComparisonsAtAllAdviseTheFullPanel() {
        EnsembleAdvice advice = ADVISOR.advise(new EnsembleState(0.1));

        assertThat(advice.comparisons()).isZero();
        assertThat(advice.models()).isEmpty();
        assertThat(advice.reason()).startsWith("ask the full panel: no comparison with a winner or a tie");
        assertThat(advice.stopEarly().applies()).isFalse();
    }

    /**
     * Half the tasks are easy: the best two score within 0.02 and the best wins. On the hard half
     * they are 0.7 apart and the winner is the second (half the time), the third or the fourth, so
     * only the full panel is proven; but after two answers with a low variance, stopping is proven.
     */
    @Test
    void stopsEarlyWhenTheFirstAnswersAgreeAndThatHasAlwaysSufficed() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 200; i++) {
            boolean easy = i % 2 == 0;
            int slot = (i / 2) % 20;
            String hardWinner = slot < 10 ? "b" : slot < 16 ? "c" : "d";
            Panels.fold(state, Panels.of()
                    .answer("a", 0.9, 0.01)
                    .answer("b", easy ? 0.88 : 0.2, 0.02)
                    .answer("c", 0.3, 0.03)
                    .answer("d", 0.3, 0.04)
                    .won(easy ? "a" : hardWinner));
        }

        EnsembleAdvice advice = ADVISOR.advise(state);

        assertThat(advice.models()).containsExactly("a", "b", "c", "d");
        assertThat(advice.recommendedSize()).isEqualTo(4);
        assertThat(advice.sizes().get(2).agreed()).isEqualTo(180);
        assertThat(advice.sizes().get(2).agreementLower()).isLessThan(0.9);
        EnsembleAdvice.StopEarly stop = advice.stopEarly();
        assertThat(stop.applies()).isTrue();
        assertThat(stop.afterModels()).isEqualTo(2);
        assertThat(stop.sample()).isEqualTo(100);
        assertThat(stop.agreed()).isEqualTo(100);
        assertThat(stop.agreementLower()).isCloseTo(0.973, within(0.001));
        assertThat(stop.stopShare()).isCloseTo(0.5, within(1e-12));
        assertThat(stop.expectedCostUsd()).isCloseTo(0.03 + 0.5 * 0.07, within(1e-12));
        assertThat(stop.rule()).isEqualTo("ask the best 2 first and stop when their scores' variance is below 0.1 (50.0 % of tasks): "
                + "their pick agreed with the full panel in 100 of 100 such comparisons (100.0 %, at least 97.4 % with confidence); "
                + "otherwise ask the best 4");
    }

    @Test
    void withoutLowVarianceAmongTheFirstAnswersThereIsNoStopEarlyRule() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 90; i++) {
            Panels.fold(state, Panels.of().answer("a", 1.0).answer("b", 0.0).answer("c", 0.0).won(List.of("a", "b", "c").get(i % 3)));
        }

        EnsembleAdvice advice = ADVISOR.advise(state);

        assertThat(advice.recommendedSize()).isEqualTo(3);
        assertThat(advice.stopEarly().applies()).isFalse();
        assertThat(advice.stopEarly().afterModels()).isNull();
        assertThat(advice.stopEarly().rule()).isEqualTo("no evidence yet: in no comparison did the best 2 score with a variance below 0.1");
    }

    @Test
    void theRuleOfThumbIsNotTakenOnAHandfulOfComparisons() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 12; i++) {
            boolean easy = i % 2 == 0;
            Panels.fold(state, Panels.of().answer("a", 0.9).answer("b", easy ? 0.88 : 0.2).answer("c", 0.3)
                    .won(easy ? "a" : i % 4 == 1 ? "b" : "c"));
        }

        EnsembleAdvice.StopEarly stop = ADVISOR.advise(state).stopEarly();

        assertThat(stop.applies()).isFalse();
        assertThat(stop.afterModels()).isEqualTo(2);
        assertThat(stop.sample()).isEqualTo(6);
        assertThat(stop.agreement()).isEqualTo(1.0);
        assertThat(stop.rule()).startsWith("not proven: when the best 2 scored with a variance below 0.1")
                .endsWith("(the rule of thumb, judging by the raw rate, would already stop)");
    }

    @Test
    void aHigherTargetAsksForMoreModels() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < 400; i++) {
            Panels.fold(state, Panels.of().answer("a", 0.9).answer("b", 0.5).answer("c", 0.4).won(i % 20 == 0 ? "b" : "a"));
        }

        assertThat(EnsembleAdvisor.withTarget(0.9).advise(state).recommendedSize()).isEqualTo(1);
        assertThat(EnsembleAdvisor.withTarget(0.99).advise(state).recommendedSize()).isEqualTo(2);
        assertThat(EnsembleAdvisor.withTarget(0.99).advise(state).models()).isEqualTo(List.of("a", "b"));
    }
}
