package dev.modelperf.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoringTest {

    private final Scoring scoring = new Scoring(5);

    @Test
    void threeOfThreeNeverBeatsNineHundredEightyOfAThousand() {
        ModelFigures lucky = figures("lucky", 3, 3, 300.0, 0.001);
        ModelFigures proven = figures("proven", 1000, 980, 300.0, 0.001);
        for (Priority priority : Priority.values()) {
            for (Urgency urgency : Urgency.values()) {
                assertThat(scoring.score(proven, priority, urgency).value())
                        .as("%s/%s", priority, urgency)
                        .isGreaterThan(scoring.score(lucky, priority, urgency).value());
            }
        }
    }

    @Test
    void wilsonLowerBoundMatchesTheTextbook() {
        // Wilson score interval, z = 1.96: 3/3 → 0.4385, 980/1000 → 0.9694, 0/10 → 0.
        assertThat(Scoring.wilsonLowerBound(3, 3, 1.959964)).isCloseTo(0.4385, within(1e-4));
        assertThat(Scoring.wilsonLowerBound(980, 1000, 1.959964)).isCloseTo(0.9694, within(1e-4));
        assertThat(Scoring.wilsonLowerBound(0, 10, 1.959964)).isZero();
        assertThat(Scoring.wilsonLowerBound(0, 0, 1.959964)).isZero();
    }

    @Test
    void speedAndCostScoresAreLogScaledAndClamped() {
        assertThat(Scoring.speedScore(5)).isEqualTo(100);
        assertThat(Scoring.speedScore(100)).isCloseTo(66.67, within(0.01));
        assertThat(Scoring.speedScore(1_000)).isCloseTo(33.33, within(0.01));
        assertThat(Scoring.speedScore(60_000)).isZero();
        assertThat(Scoring.costScore(0.00001)).isEqualTo(100);
        assertThat(Scoring.costScore(0.001)).isCloseTo(60, within(1e-9));
        assertThat(Scoring.costScore(5)).isZero();
    }

    @Test
    void eachPriorityPrefersTheModelBuiltForIt() {
        ModelFigures fastCheap = figures("fast-cheap", 2000, 1960, 150.0, 0.0002);
        ModelFigures slowPricey = figures("slow-pricey", 2000, 1990, 2500.0, 0.02);
        ModelFigures liked = withFeedback(figures("liked", 2000, 1970, 1200.0, 0.01), 400, 390);
        assertThat(best(Priority.COST, Urgency.NORMAL, fastCheap, slowPricey, liked)).isEqualTo("fast-cheap");
        assertThat(best(Priority.SPEED, Urgency.NORMAL, fastCheap, slowPricey, liked)).isEqualTo("fast-cheap");
        assertThat(best(Priority.QUALITY, Urgency.NORMAL, fastCheap, slowPricey, liked)).isEqualTo("liked");
    }

    @Test
    void criticalUrgencyFavoursReliabilityAndFastFavoursTheTail() {
        ModelFigures steady = figures("steady", 5000, 4995, 900.0, 0.002);
        ModelFigures quickButFlaky = figures("quick-flaky", 5000, 4600, 120.0, 0.002);
        assertThat(best(Priority.SPEED, Urgency.NORMAL, steady, quickButFlaky)).isEqualTo("quick-flaky");
        assertThat(best(Priority.SPEED, Urgency.CRITICAL, steady, quickButFlaky)).isEqualTo("steady");

        ModelFigures lowMedianLongTail = new ModelFigures("long-tail", "p", 1000, 1000, 50.0, 4000.0, null, 0, 0, 0, 0);
        ModelFigures even = new ModelFigures("even", "p", 1000, 1000, 700.0, 800.0, null, 0, 0, 0, 0);
        assertThat(scoring.score(lowMedianLongTail, Priority.SPEED, Urgency.FAST).parts().latencyMs()).isEqualTo(4000.0);
        assertThat(best(Priority.SPEED, Urgency.FAST, lowMedianLongTail, even)).isEqualTo("even");
    }

    @Test
    void missingFeedbackAndPriceScoreNeutralAndConfidenceGrowsWithSamples() {
        Scoring.Score unknown = scoring.score(new ModelFigures("m", "p", 4, 4, 100.0, 100.0, null, 0, 0, 0, 0),
                Priority.BALANCED, Urgency.NORMAL);
        assertThat(unknown.parts().satisfaction()).isEqualTo(Scoring.NEUTRAL);
        assertThat(unknown.parts().cost()).isEqualTo(Scoring.NEUTRAL);
        assertThat(unknown.enoughData()).as("4 calls is below the minimum of 5").isFalse();
        double few = scoring.score(figures("m", 10, 10, 100.0, 0.001), Priority.BALANCED, Urgency.NORMAL).confidence();
        double many = scoring.score(figures("m", 10_000, 10_000, 100.0, 0.001), Priority.BALANCED, Urgency.NORMAL).confidence();
        assertThat(few).isLessThan(many);
        assertThat(many).isBetween(0.0, 1.0);
    }

    private String best(Priority priority, Urgency urgency, ModelFigures... models) {
        String best = null;
        double top = -1;
        for (ModelFigures model : models) {
            double value = scoring.score(model, priority, urgency).value();
            if (value > top) {
                top = value;
                best = model.model();
            }
        }
        return best;
    }

    static ModelFigures figures(String model, long calls, long successes, Double latencyMs, Double costPerSuccess) {
        return new ModelFigures(model, "p", calls, successes, latencyMs, latencyMs == null ? null : latencyMs * 1.5,
                costPerSuccess, costPerSuccess == null ? 0 : calls, 0, 0, 1);
    }

    static ModelFigures withFeedback(ModelFigures f, long votes, double positive) {
        return new ModelFigures(f.model(), f.provider(), f.calls(), f.successes(), f.latencyP50Ms(), f.latencyP95Ms(),
                f.costPerSuccessUsd(), f.costedCalls(), votes, positive, f.lastCallMs());
    }
}
