package dev.modelperf.query.analytics;

import static dev.modelperf.query.rankings.Calls.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Scoring;
import dev.modelperf.streams.stores.CallStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The best model of each category in the summary: the first of a balanced ranking, as {@code /rankings} ranks. */
class SummaryBestTest {

    private final Ranker ranker = new Ranker(new Scoring(5), new PooledEstimator(10));

    @Test
    void theProvenModelIsTheBestOverAShortPerfectRecord() {
        Map<String, CallStats> models = Map.of(
                "lucky", stats("lucky", 5, 5, 300, CallStatus.SERVER_ERROR, 300, 0.001),
                "proven", stats("proven", 10_000, 9_990, 300, CallStatus.SERVER_ERROR, 300, 0.001));
        Map<String, Map<String, CallStats>> byCategoryAndModel = Map.of("code", models, "*", models);
        assertThat(SummaryController.bestOf(ranker, "code", byCategoryAndModel)).contains("proven");
    }

    @Test
    void aModelFailingFastIsNotTheBest() {
        Map<String, CallStats> models = Map.of(
                "fails-fast", stats("fails-fast", 1000, 0, 40, CallStatus.CLIENT_ERROR, 40, 0.00001),
                "steady", stats("steady", 1000, 990, 1500, CallStatus.SERVER_ERROR, 1500, 0.003));
        assertThat(SummaryController.bestOf(ranker, "code", Map.of("code", models, "*", models))).contains("steady");
    }

    @Test
    void onlyModelsWithEnoughCallsOfTheirOwnInTheCategoryCompete() {
        Map<String, CallStats> inCode = Map.of("few", stats("few", 4, 4, 300, CallStatus.SERVER_ERROR, 300, 0.001));
        Map<String, CallStats> everywhere = Map.of(
                "few", stats("few", 4, 4, 300, CallStatus.SERVER_ERROR, 300, 0.001),
                "elsewhere", stats("elsewhere", 1000, 990, 300, CallStatus.SERVER_ERROR, 300, 0.001));
        assertThat(SummaryController.bestOf(ranker, "code", Map.of("code", inCode, "*", everywhere))).isEmpty();
        assertThat(SummaryController.bestOf(ranker, "*", Map.of("code", inCode, "*", everywhere))).contains("elsewhere");
    }
}
