package dev.modelperf.query.rankings;

import static dev.modelperf.query.rankings.Calls.allIn;
import static dev.modelperf.query.rankings.Calls.figures;
import static dev.modelperf.query.rankings.Calls.stats;
import static dev.modelperf.query.rankings.Calls.withQuality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Judgment;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Scoring;
import dev.modelperf.routing.Urgency;
import dev.modelperf.streams.stores.CallStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringTest {

    private static final String API = "code/backend/api";
    private final Scoring scoring = new Scoring(5);
    private final Ranker ranker = new Ranker(scoring, new PooledEstimator(10));

    @Test
    void belowEightyPercentSuccessModelsNoLongerTieAtZero() {
        // code/backend/api: 76 % over 1,288 calls used to come first, ahead of 85 %, both scoring 0 reliability.
        ModelFigures reliable = figures("reliable", 1000, 850, 2500.0, 0.02);
        ModelFigures flakyCheapFast = figures("flaky-cheap-fast", 1288, 979, 150.0, 0.0002);
        assertThat(order(Priority.QUALITY, Urgency.NORMAL, reliable, flakyCheapFast)).containsExactly("reliable", "flaky-cheap-fast");

        ModelFigures reliableMid = figures("reliable", 1000, 850, 1200.0, 0.004);
        ModelFigures flakyMid = figures("flaky-cheap-fast", 1288, 979, 600.0, 0.002);
        assertThat(order(Priority.BALANCED, Urgency.NORMAL, reliableMid, flakyMid))
                .as("half the latency and half the price do not make up for 9 points of failures")
                .containsExactly("reliable", "flaky-cheap-fast");

        Map<String, RankedModel> ranked = ranked(Priority.QUALITY, Urgency.NORMAL, reliable, flakyCheapFast);
        assertThat(ranked.get("reliable").parts().reliability()).isCloseTo(85, within(0.5));
        assertThat(ranked.get("flaky-cheap-fast").parts().reliability()).isCloseTo(76, within(0.5));
        assertThat(ranked.get("flaky-cheap-fast").score()).isPositive().isLessThan(ranked.get("reliable").score() - 1);
    }

    @Test
    void fastFailuresAreNotSpeedNorCheapness() {
        ModelFigures failsFast = StatsFigures.of("fails-fast", stats("fails-fast", 1000, 0, 0, CallStatus.CLIENT_ERROR, 40, 0.00001));
        ModelFigures steady = StatsFigures.of("steady", stats("steady", 1000, 990, 1500, CallStatus.SERVER_ERROR, 1500, 0.003));
        assertThat(failsFast.latencyP50Ms()).as("no successful call, no latency").isNull();
        assertThat(failsFast.costPerSuccessUsd()).as("no successful call, no cost per success").isNull();
        assertThat(steady.latencyP50Ms()).isCloseTo(1500, within(15.0));

        for (Priority priority : List.of(Priority.SPEED, Priority.COST, Priority.BALANCED)) {
            for (Urgency urgency : Urgency.values()) {
                Map<String, RankedModel> ranked = ranked(priority, urgency, failsFast, steady);
                assertThat(order(priority, urgency, failsFast, steady)).as("%s/%s", priority, urgency)
                        .containsExactly("steady", "fails-fast");
                assertThat(ranked.get("fails-fast").score()).as("%s/%s", priority, urgency).isLessThan(0.1);
            }
        }
    }

    @Test
    void latencyIsThatOfSuccessfulCallsOnly() {
        ModelFigures half = StatsFigures.of("half", stats("half", 1000, 500, 1500, CallStatus.CLIENT_ERROR, 40, null));
        assertThat(half.latencyP50Ms()).isCloseTo(1500, within(15.0));
        assertThat(half.latencyP95Ms()).isCloseTo(1500, within(15.0));
        assertThat(half.calls()).isEqualTo(1000);
        assertThat(half.successes()).isEqualTo(500);
    }

    @Test
    void fiveOutOfFiveNeverBeatsNineThousandNineHundredNinetyOutOfTenThousand() {
        ModelFigures lucky = figures("lucky", 5, 5, 300.0, 0.001);
        ModelFigures proven = figures("proven", 10_000, 9_990, 300.0, 0.001);
        for (Priority priority : Priority.values()) {
            for (Urgency urgency : Urgency.values()) {
                assertThat(order(priority, urgency, lucky, proven)).as("%s/%s", priority, urgency).containsExactly("proven", "lucky");
            }
        }
    }

    @Test
    void aCriticalRequestDoesNotBetOnAShortLuckyRecord() {
        ModelFigures luckyFast = figures("lucky-fast", 5, 5, 100.0, 0.001);
        ModelFigures proven = figures("proven", 1000, 990, 1000.0, 0.001);
        assertThat(order(Priority.SPEED, Urgency.NORMAL, luckyFast, proven)).first().isEqualTo("lucky-fast");
        assertThat(order(Priority.SPEED, Urgency.CRITICAL, luckyFast, proven)).first().isEqualTo("proven");
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
        ModelFigures liked = withQuality(figures("liked", 2000, 1970, 1200.0, 0.01), 0.975, 400);
        assertThat(order(Priority.COST, Urgency.NORMAL, fastCheap, slowPricey, liked)).first().isEqualTo("fast-cheap");
        assertThat(order(Priority.SPEED, Urgency.NORMAL, fastCheap, slowPricey, liked)).first().isEqualTo("fast-cheap");
        assertThat(order(Priority.QUALITY, Urgency.NORMAL, fastCheap, slowPricey, liked)).first().isEqualTo("liked");
    }

    @Test
    void fastUrgencyJudgesTheTail() {
        ModelFigures lowMedianLongTail = new ModelFigures("long-tail", "p", 1000, 1000, 50.0, 1200.0, null, 0, null, 0, 0,
                new Evidence(1000, 1000, 0, 0));
        ModelFigures even = new ModelFigures("even", "p", 1000, 1000, 700.0, 800.0, null, 0, null, 0, 0,
                new Evidence(1000, 1000, 0, 0));
        assertThat(ranked(Priority.SPEED, Urgency.FAST, lowMedianLongTail, even).get("long-tail").parts().latencyMs())
                .isEqualTo(1200.0);
        assertThat(order(Priority.SPEED, Urgency.NORMAL, lowMedianLongTail, even)).first().isEqualTo("long-tail");
        assertThat(order(Priority.SPEED, Urgency.FAST, lowMedianLongTail, even)).first().isEqualTo("even");
    }

    @Test
    void missingQualityAndPriceScoreNeutral() {
        RankedModel unknown = ranked(Priority.BALANCED, Urgency.NORMAL, figures("m", 4, 4, 100.0, null)).get("m");
        assertThat(unknown.parts().quality()).isEqualTo(Scoring.NEUTRAL);
        assertThat(unknown.parts().qualityEstimate()).isNull();
        assertThat(unknown.parts().cost()).isEqualTo(Scoring.NEUTRAL);
        assertThat(unknown.estimates().quality()).isNull();
        assertThat(unknown.enoughData()).as("4 calls is below the minimum of 5").isFalse();
    }

    @Test
    void judgmentsMoveTheQualityEstimateAndTheQualityRanking() {
        CallStats approved = stats("approved", 1000, 980, 1500, CallStatus.SERVER_ERROR, 1500, 0.003);
        CallStats rejected = stats("rejected", 1000, 980, 1500, CallStatus.SERVER_ERROR, 1500, 0.003);
        assertThat(StatsFigures.of("rejected", rejected).quality()).isNull();
        for (int i = 0; i < 100; i++) {
            approved.addJudgment(judgment().setOverallScore(0.9).setScores(Map.of("style", 0.1)).build());
            approved.addJudgment(judgment().setScores(Map.of("correctness", 1.0, "style", 0.8)).setPassed(false).build());
            rejected.addJudgment(judgment().setPassed(false).setMinimality(0.9).build());
            rejected.addJudgment(judgment().setMinimality(0.9).build());
        }
        ModelFigures good = StatsFigures.of("approved", approved);
        ModelFigures bad = StatsFigures.of("rejected", rejected);

        assertThat(good.quality()).as("overallScore 0.9, else the mean of the scores 0.9").isCloseTo(0.9, within(1e-9));
        assertThat(good.qualityCount()).isEqualTo(200);
        assertThat(bad.quality()).as("passed false is 0; a judgment with no score nor verdict is no observation").isZero();
        assertThat(bad.qualityCount()).isEqualTo(100);
        Map<String, RankedModel> ranked = ranked(Priority.QUALITY, Urgency.NORMAL, good, bad);
        assertThat(ranked.get("approved").estimates().quality().mean()).isGreaterThan(0.8);
        assertThat(ranked.get("rejected").estimates().quality().mean()).isLessThan(0.2);
        assertThat(order(Priority.QUALITY, Urgency.NORMAL, bad, good)).containsExactly("approved", "rejected");
    }

    private static Judgment.Builder judgment() {
        return Judgment.newBuilder().setEventId("j").setTimestamp(Instant.EPOCH).setCallEventId("c").setJudge("judge");
    }

    private List<String> order(Priority priority, Urgency urgency, ModelFigures... models) {
        return rank(priority, urgency, models).stream().map(RankedModel::model).toList();
    }

    private Map<String, RankedModel> ranked(Priority priority, Urgency urgency, ModelFigures... models) {
        return rank(priority, urgency, models).stream().collect(java.util.stream.Collectors.toMap(RankedModel::model, r -> r));
    }

    private List<RankedModel> rank(Priority priority, Urgency urgency, ModelFigures... models) {
        Ranker.Decision decision = new Ranker.Decision(priority, urgency, DecisionMode.BEST, Objective.SCORE, null);
        return ranker.rank(API, ranker.estimate(API, allIn(API, models)).values(), decision, Map.of());
    }
}
