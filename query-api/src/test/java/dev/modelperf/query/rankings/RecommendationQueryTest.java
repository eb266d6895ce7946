package dev.modelperf.query.rankings;

import static dev.modelperf.query.rankings.Calls.allIn;
import static dev.modelperf.query.rankings.Calls.figures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.Basis;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Recommendation;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.routing.Scoring;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationQueryTest {

    private static final String API = "code/backend/api";
    private final Ranker ranker = new Ranker(new Scoring(5), new PooledEstimator(10));
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
        Map<String, List<ModelFigures>> levels = allIn(API,
                figures("top", 1000, 999, 200.0, 0.001),
                figures("second", 1000, 990, 300.0, 0.001),
                figures("third", 1000, 985, 400.0, 0.001),
                figures("fourth", 1000, 980, 500.0, 0.001),
                figures("fifth", 1000, 975, 600.0, 0.001));
        health.put("top", health("top", HealthStatus.BLACKLISTED));
        health.put("second", health("second", HealthStatus.DEGRADED));

        Recommendation answer = recommend(levels, Set.of());
        assertThat(answer.best().model()).isEqualTo("third");
        assertThat(answer.fallbacks()).extracting(Recommendation.Choice::model).containsExactly("fourth", "fifth", "second");
        assertThat(answer.fallbacks().get(2).degraded()).isTrue();
        assertThat(answer.skipped()).extracting(Recommendation.Skipped::model).containsExactly("top");
        assertThat(answer.skipped().get(0).reason()).startsWith("blacklisted until ");
        assertThat(answer.basis()).isEqualTo(new Basis(Basis.Source.CATEGORY, API));
        assertThat(answer.reason()).startsWith("third has the best balanced score").contains(API);
    }

    @Test
    void theConfidenceIsTheBestModelsChanceOfBeingFirst() {
        Map<String, List<ModelFigures>> levels = allIn(API,
                figures("top", 10_000, 9_990, 200.0, 0.001),
                figures("second", 1000, 950, 300.0, 0.001));
        Recommendation answer = recommend(levels, Set.of());
        assertThat(answer.best().model()).isEqualTo("top");
        assertThat(answer.confidence()).isEqualTo(answer.best().confidence()).isGreaterThan(0.95);
        assertThat(answer.fallbacks().get(0).confidence()).isLessThan(0.05);
    }

    @Test
    void anExcludedModelIsSkippedAndADegradedOneIsTheLastResort() {
        Map<String, List<ModelFigures>> levels = allIn(API,
                figures("only", 1000, 999, 200.0, 0.001),
                figures("shaky", 1000, 950, 300.0, 0.001),
                figures("unwanted", 1000, 998, 200.0, 0.001));
        health.put("only", health("only", HealthStatus.BLACKLISTED));
        health.put("shaky", health("shaky", HealthStatus.DEGRADED));
        Recommendation answer = recommend(levels, Set.of("unwanted"));
        assertThat(answer.best().model()).isEqualTo("shaky");
        assertThat(answer.best().degraded()).isTrue();
        assertThat(answer.fallbacks()).isEmpty();
        assertThat(answer.reason()).contains("DEGRADED");
        assertThat(answer.skipped()).extracting(Recommendation.Skipped::model).containsExactlyInAnyOrder("only", "unwanted");
        assertThat(answer.skipped()).filteredOn(s -> s.model().equals("unwanted"))
                .extracting(Recommendation.Skipped::reason).containsExactly("excluded by the request");
    }

    @Test
    void confidenceIsTheChanceOfBeingFirstAmongTheHealthyModelsOffered() {
        Map<String, List<ModelFigures>> levels = allIn(API,
                figures("degraded-but-better", 1000, 990, 200.0, 0.001),
                figures("healthy", 1000, 900, 200.0, 0.001),
                figures("healthy-worse", 1000, 700, 200.0, 0.001));
        health.put("degraded-but-better", health("degraded-but-better", HealthStatus.DEGRADED));
        Recommendation answer = recommend(levels, Set.of());
        assertThat(answer.best().model()).isEqualTo("healthy");
        assertThat(answer.confidence()).as("a better DEGRADED model does not make the healthy choice look unsure")
                .isGreaterThan(0.95);
        assertThat(answer.fallbacks()).extracting(Recommendation.Choice::model)
                .containsExactly("healthy-worse", "degraded-but-better");
    }

    @Test
    void aModelKnownOnlyInAParentIsACandidateOnItsParentsRecord() {
        Map<String, List<ModelFigures>> levels = levels(List.of(figures("newcomer", 3, 3, 100.0, 0.0001)),
                List.of(figures("newcomer", 3, 3, 100.0, 0.0001), figures("backend-veteran", 500, 495, 400.0, 0.001)),
                List.of(figures("newcomer", 3, 3, 100.0, 0.0001), figures("backend-veteran", 500, 495, 400.0, 0.001)),
                List.of(figures("newcomer", 3, 3, 100.0, 0.0001), figures("backend-veteran", 500, 495, 400.0, 0.001)));
        Recommendation answer = recommend(levels, Set.of());
        assertThat(answer.best().model()).isEqualTo("backend-veteran");
        assertThat(answer.best().source()).isEqualTo(Basis.Source.PARENT);
        assertThat(answer.best().category()).isEqualTo("code/backend");
        assertThat(answer.basis()).isEqualTo(new Basis(Basis.Source.PARENT, "code/backend"));
        assertThat(answer.reason()).contains("in code/backend (code/backend/api itself has none of its calls)");
        assertThat(answer.fallbacks()).extracting(Recommendation.Choice::model, Recommendation.Choice::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("newcomer", Basis.Source.CATEGORY));

        Map<String, List<ModelFigures>> rootOnly = levels(List.of(), List.of(), List.of(),
                List.of(figures("generalist", 800, 790, 400.0, 0.001)));
        Recommendation fromRoot = recommend(rootOnly, Set.of());
        assertThat(fromRoot.best().model()).as("calls anywhere beat the rule table").isEqualTo("generalist");
        assertThat(fromRoot.basis()).isEqualTo(new Basis(Basis.Source.PARENT, "*"));
    }

    @Test
    void theRuleTableAnswersOnlyWhenNoLevelHasACall() {
        Recommendation fromRules = recommend(levels(List.of(), List.of(), List.of(), List.of()), Set.of());
        assertThat(fromRules.best().model()).isEqualTo("rule/first");
        assertThat(fromRules.best().score()).isNull();
        assertThat(fromRules.basis()).isEqualTo(new Basis(Basis.Source.RULES, "code"));
        assertThat(fromRules.fallbacks()).extracting(Recommendation.Choice::model).containsExactly("rule/second");
        assertThat(fromRules.confidence()).isZero();
        assertThat(fromRules.reason()).startsWith("rule/first is the rule table's default for code");

        health.put("rule/first", health("rule/first", HealthStatus.BLACKLISTED));
        Recommendation withoutBlacklisted = recommend(levels(List.of(), List.of(), List.of(), List.of()), Set.of());
        assertThat(withoutBlacklisted.best().model()).isEqualTo("rule/second");
        assertThat(withoutBlacklisted.skipped()).extracting(Recommendation.Skipped::model).containsExactly("rule/first");

        Rankings ranked = rankings.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.BALANCED),
                gathered(levels(List.of(), List.of(), List.of(), List.of())), health);
        assertThat(ranked.basis()).isEqualTo(new Basis(Basis.Source.RULES, "code"));
        assertThat(ranked.models()).isEmpty();
        assertThat(ranked.defaults()).extracting(Rankings.DefaultModel::model).containsExactly("rule/first", "rule/second");

        Rankings withCalls = rankings.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.BALANCED),
                gathered(levels(List.of(), List.of(), List.of(), List.of(figures("generalist", 800, 790, 400.0, 0.001)))), health);
        assertThat(withCalls.basis()).isEqualTo(new Basis(Basis.Source.PARENT, "*"));
        assertThat(withCalls.defaults()).isEmpty();
        assertThat(withCalls.models()).extracting(RankedModel::model).containsExactly("generalist");
        assertThat(withCalls.models().get(0).enoughData()).isFalse();
    }

    @Test
    void theProvenModelIsRankedAndRecommendedFirst() {
        Map<String, List<ModelFigures>> levels = allIn(API, figures("lucky", 5, 5, 300.0, 0.001),
                figures("proven", 10_000, 9_990, 300.0, 0.001));
        assertThat(recommend(levels, Set.of()).best().model()).isEqualTo("proven");
        Rankings ranked = rankings.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.BALANCED), gathered(levels),
                health);
        assertThat(ranked.models()).extracting(RankedModel::model).containsExactly("proven", "lucky");
        assertThat(ranked.basis()).isEqualTo(new Basis(Basis.Source.CATEGORY, API));
    }

    @Test
    void nothingLeftIsAnAnswerWithoutABestModel() {
        RecommendationQuery noRules = new RecommendationQuery(null, null, ranker, RoutingDefaults.parse("", "empty"));
        Recommendation answer = noRules.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.COST), Set.of(),
                gathered(levels(List.of(), List.of(), List.of(), List.of())), health);
        assertThat(answer.best()).isNull();
        assertThat(answer.fallbacks()).isEmpty();
        assertThat(answer.basis().source()).isEqualTo(Basis.Source.NONE);
        assertThat(answer.reason()).isEqualTo("No model can be recommended: no model has a call in code/backend/api or any "
                + "parent over 24h and the rule table has no default for it.");

        health.put("alone", health("alone", HealthStatus.BLACKLISTED));
        Recommendation allBlacklisted = noRules.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.COST), Set.of(),
                gathered(allIn(API, figures("alone", 100, 100, 300.0, 0.001))), health);
        assertThat(allBlacklisted.best()).isNull();
        assertThat(allBlacklisted.reason()).isEqualTo("No model can be recommended: every candidate is blacklisted or excluded.");
    }

    private Recommendation recommend(Map<String, List<ModelFigures>> levels, Set<String> exclude) {
        return query.answer("t", API, RankingWindow.DAY, Ranker.Decision.best(Priority.BALANCED), exclude, gathered(levels),
                health);
    }

    private static Map<String, List<ModelFigures>> levels(List<ModelFigures> api, List<ModelFigures> backend,
                                                         List<ModelFigures> code, List<ModelFigures> root) {
        Map<String, List<ModelFigures>> levels = new LinkedHashMap<>();
        levels.put(API, api);
        levels.put("code/backend", backend);
        levels.put("code", code);
        levels.put("*", root);
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
