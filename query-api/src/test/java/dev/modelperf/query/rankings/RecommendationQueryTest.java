package dev.modelperf.query.rankings;

import static dev.modelperf.query.rankings.ScoringTest.figures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationQueryTest {

    private static final String API = "code/backend/api";
    private final Ranker ranker = new Ranker(new Scoring(5));
    private final RoutingDefaults defaults = RoutingDefaults.parse("""
            code,rule/first
            code,rule/second
            *,rule/anything
            """, "test");
    private final RecommendationQuery query = new RecommendationQuery(null, null, ranker, defaults);
    private final RankingsQuery rankings = new RankingsQuery(null, null, ranker, defaults);
    private final Map<String, ModelHealth> health = new HashMap<>();

    @Test
    void neverABlacklistedModelAndDegradedOnlyAfterEveryHealthyOne() {
        Map<String, List<ModelFigures>> levels = levels(List.of(
                figures("top", 1000, 999, 200.0, 0.001),
                figures("second", 1000, 990, 300.0, 0.001),
                figures("third", 1000, 985, 400.0, 0.001),
                figures("fourth", 1000, 980, 500.0, 0.001),
                figures("fifth", 1000, 975, 600.0, 0.001)), List.of(), List.of());
        health.put("top", health("top", HealthStatus.BLACKLISTED));
        health.put("second", health("second", HealthStatus.DEGRADED));

        Recommendation answer = recommend(levels, Set.of());
        assertThat(answer.best().model()).isEqualTo("third");
        assertThat(answer.fallbacks()).extracting(Recommendation.Choice::model).containsExactly("fourth", "fifth", "rule/first");
        assertThat(answer.skipped()).extracting(Recommendation.Skipped::model).containsExactly("top");
        assertThat(answer.skipped().get(0).reason()).startsWith("blacklisted until ");
        assertThat(answer.basis()).isEqualTo(new Basis(Basis.Source.CATEGORY, API));
        assertThat(answer.reason()).startsWith("third has the best balanced score").contains(API);
        assertThat(answer.confidence()).isGreaterThan(0.5);
    }

    @Test
    void aDegradedModelIsTheLastResortAndSaysSo() {
        Map<String, List<ModelFigures>> levels = levels(List.of(
                figures("only", 1000, 999, 200.0, 0.001),
                figures("shaky", 1000, 950, 300.0, 0.001)), List.of(), List.of());
        health.put("only", health("only", HealthStatus.BLACKLISTED));
        health.put("shaky", health("shaky", HealthStatus.DEGRADED));
        Recommendation answer = recommend(levels, Set.of("rule/first", "rule/second"));
        assertThat(answer.best().model()).isEqualTo("shaky");
        assertThat(answer.best().degraded()).isTrue();
        assertThat(answer.reason()).contains("DEGRADED");
        assertThat(answer.skipped()).extracting(Recommendation.Skipped::reason)
                .anyMatch(reason -> reason.startsWith("blacklisted")).contains("excluded by the request");
    }

    @Test
    void tooFewCallsFallBackToTheParentThenToTheRuleTable() {
        Map<String, List<ModelFigures>> parentOnly = levels(List.of(figures("newcomer", 3, 3, 100.0, 0.0001)),
                List.of(figures("backend-veteran", 500, 495, 400.0, 0.001)), List.of());
        Recommendation fromParent = recommend(parentOnly, Set.of());
        assertThat(fromParent.best().model()).isEqualTo("backend-veteran");
        assertThat(fromParent.basis()).isEqualTo(new Basis(Basis.Source.PARENT, "code/backend"));
        assertThat(fromParent.reason()).contains("code/backend/api itself has no healthy model with 5 calls");

        Recommendation fromRules = recommend(levels(List.of(figures("newcomer", 3, 3, 100.0, 0.0001)), List.of(), List.of()),
                Set.of());
        assertThat(fromRules.best().model()).isEqualTo("rule/first");
        assertThat(fromRules.best().score()).isNull();
        assertThat(fromRules.basis()).isEqualTo(new Basis(Basis.Source.RULES, "code"));
        assertThat(fromRules.fallbacks()).extracting(Recommendation.Choice::model).containsExactly("rule/second");
        assertThat(fromRules.confidence()).isZero();

        Rankings ranked = rankings.answer("t", API, RankingWindow.DAY, Priority.BALANCED, Urgency.NORMAL,
                gathered(levels(List.of(figures("newcomer", 3, 3, 100.0, 0.0001)), List.of(), List.of())), health);
        assertThat(ranked.basis()).isEqualTo(new Basis(Basis.Source.RULES, "code"));
        assertThat(ranked.models()).extracting(RankedModel::model).containsExactly("newcomer");
        assertThat(ranked.models().get(0).enoughData()).isFalse();
        assertThat(ranked.defaults()).extracting(Rankings.DefaultModel::model).containsExactly("rule/first", "rule/second");
    }

    @Test
    void nothingLeftIsAnAnswerWithoutABestModel() {
        RecommendationQuery noRules = new RecommendationQuery(null, null, ranker, RoutingDefaults.parse("", "empty"));
        Recommendation answer = noRules.answer("t", API, RankingWindow.DAY, Priority.COST, Urgency.NORMAL, Set.of(),
                gathered(levels(List.of(), List.of(), List.of())), health);
        assertThat(answer.best()).isNull();
        assertThat(answer.fallbacks()).isEmpty();
        assertThat(answer.basis().source()).isEqualTo(Basis.Source.NONE);
        assertThat(answer.reason()).startsWith("No model can be recommended: no model has 5 calls in code/backend/api");
    }

    private Recommendation recommend(Map<String, List<ModelFigures>> levels, Set<String> exclude) {
        return query.answer("t", API, RankingWindow.DAY, Priority.BALANCED, Urgency.NORMAL, exclude, gathered(levels), health);
    }

    private static Map<String, List<ModelFigures>> levels(List<ModelFigures> api, List<ModelFigures> backend,
                                                         List<ModelFigures> code) {
        Map<String, List<ModelFigures>> levels = new LinkedHashMap<>();
        levels.put(API, api);
        levels.put("code/backend", backend);
        levels.put("code", code);
        return levels;
    }

    private static FiguresGatherer.Gathered gathered(Map<String, List<ModelFigures>> levels) {
        return new FiguresGatherer.Gathered(levels, 0, 1);
    }

    private static ModelHealth health(String model, HealthStatus status) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return ModelHealth.newBuilder().setTenant("t").setModel(model).setStatus(status)
                .setBlacklistedSince(now).setBlacklistedUntil(now.plusSeconds(3600)).setUpdatedAt(now).build();
    }
}
