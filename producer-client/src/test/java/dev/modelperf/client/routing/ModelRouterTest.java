package dev.modelperf.client.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Evidence;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Recommendation;
import dev.modelperf.routing.Recommender;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.routing.Scoring;
import dev.modelperf.routing.Urgency;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    private static final String API = "code/backend/api";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final RoutingDefaults RULES = RoutingDefaults.parse("code,rule/first\ncode,rule/second\n*,rule/any\n", "test");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<ModelCall> recorded = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, Map<String, ModelFigures>> figures = new LinkedHashMap<>();
    private final Map<String, ModelHealth> health = new HashMap<>();
    private DecisionTable table = DecisionTable.EMPTY;
    private long lastContactMs = NOW.toEpochMilli();

    private ModelRouter router(int maxAttempts) {
        ModelRouter.Source source = new ModelRouter.Source() {
            @Override
            public DecisionTable table() {
                return table;
            }

            @Override
            public long lastContactMs() {
                return lastContactMs;
            }
        };
        return new ModelRouter("acme", source, recorded::add, RULES, 10, maxAttempts, Duration.ofSeconds(30), clock, meters, () -> { });
    }

    private void load() {
        table = new DecisionTable(Map.of("acme", TenantDecisions.of(figures, health)), true, NOW.toEpochMilli() - 2_000);
    }

    private void model(String level, String model, long calls, long successes, double latencyMs, double cost) {
        figures.computeIfAbsent(level, l -> new LinkedHashMap<>()).put(model, new ModelFigures(model, "p", calls, successes,
                latencyMs, latencyMs * 1.5, cost, calls, null, 0, 1, new Evidence(calls, successes, 0, 0)));
    }

    private void fiveModels() {
        model(API, "a", 1000, 999, 200, 0.001);
        model(API, "b", 1000, 990, 300, 0.001);
        model(API, "c", 1000, 985, 400, 0.001);
        model(API, "d", 1000, 980, 500, 0.001);
        model(API, "e", 1000, 975, 600, 0.001);
        for (String level : List.of("code/backend", "code", "*")) {
            figures.put(level, figures.get(API));
        }
    }

    private static ModelHealth health(String model, HealthStatus status) {
        return ModelHealth.newBuilder().setTenant("acme").setModel(model).setStatus(status)
                .setBlacklistedUntil(status == HealthStatus.BLACKLISTED ? NOW.plusSeconds(3600) : null).setUpdatedAt(NOW).build();
    }

    private static final RouteOptions BEST = RouteOptions.defaults().mode(DecisionMode.BEST);

    @Test
    void beforeTheFiguresAreLoadedTheRuleTableAnswersAndSaysSo() {
        Decision decision = router(3).choose(API, BEST);
        assertThat(decision.source()).isEqualTo(Decision.Source.RULES);
        assertThat(decision.models()).containsExactly("rule/first", "rule/second");
        assertThat(decision.reason()).contains("code").contains("not loaded yet");
    }

    @Test
    void whenTheTopicsStopAnsweringTheRuleTableAnswers() {
        fiveModels();
        load();
        lastContactMs = NOW.toEpochMilli() - 31_000;
        Decision decision = router(3).choose(API, BEST);
        assertThat(decision.source()).isEqualTo(Decision.Source.RULES);
        assertThat(decision.reason()).contains("have not answered for 31 s");
    }

    @Test
    void aFailingModelIsFollowedByTheNextBestUpToTheLimitNeverTwiceAndEveryAttemptIsRecorded() {
        fiveModels();
        load();
        List<String> called = new ArrayList<>();
        assertThatThrownBy(() -> router(3).call(API, BEST, model -> {
            called.add(model);
            throw new SocketTimeoutException("read timed out");
        })).isInstanceOfSatisfying(RoutingFailedException.class, e -> {
            assertThat(e.attempts()).extracting(Attempt::model).containsExactly("a", "b", "c");
            assertThat(e.attempts()).extracting(Attempt::status).containsOnly(CallStatus.TIMEOUT);
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
        });
        assertThat(called).containsExactly("a", "b", "c");
        assertThat(recorded).extracting(ModelCall::getModel).containsExactly("a", "b", "c");
        assertThat(recorded).allSatisfy(call -> {
            assertThat(call.getStatus()).isEqualTo(CallStatus.TIMEOUT);
            assertThat(call.getTenant()).isEqualTo("acme");
            assertThat(call.getCategory()).isEqualTo(API);
            assertThat(call.getProvider()).isEqualTo("p");
        });
        assertThat(meters.get("modelperf.router.attempts").tag("status", "TIMEOUT").counter().count()).isEqualTo(3);
        assertThat(meters.get("modelperf.router.fallbacks").counter().count()).isEqualTo(2);
    }

    @Test
    void theFirstSuccessEndsTheCallWithItsTokensRecorded() throws Exception {
        fiveModels();
        load();
        Routed<String> routed = router(3).call(API, BEST, model -> {
            if (model.equals("a")) {
                throw new HttpFailure(503, "HTTP 503 from upstream");
            }
            return Reply.of("answer from " + model, 120, 40).costUsd(0.002).qualityScore(0.9);
        });
        assertThat(routed.model()).isEqualTo("b");
        assertThat(routed.value()).isEqualTo("answer from b");
        assertThat(routed.attempts()).extracting(Attempt::status).containsExactly(CallStatus.SERVER_ERROR, CallStatus.OK);
        ModelCall success = recorded.get(1);
        assertThat(success.getStatus()).isEqualTo(CallStatus.OK);
        assertThat(success.getInputTokens()).isEqualTo(120);
        assertThat(success.getOutputTokens()).isEqualTo(40);
        assertThat(success.getCostUsd()).isEqualTo(0.002);
        assertThat(success.getQualityScore()).isEqualTo(0.9);
        assertThat(recorded.get(0).getStatus()).isEqualTo(CallStatus.SERVER_ERROR);
        assertThat(recorded.get(0).getErrorType()).isNotNull();
    }

    @Test
    void aClientErrorIsNotRetried() {
        fiveModels();
        load();
        assertThatThrownBy(() -> router(3).call(API, BEST, model -> {
            throw new HttpFailure(400, "bad request");
        })).isInstanceOfSatisfying(RoutingFailedException.class,
                e -> assertThat(e.attempts()).extracting(Attempt::model).containsExactly("a"));
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).getStatus()).isEqualTo(CallStatus.CLIENT_ERROR);
    }

    @Test
    void aBlacklistedModelIsNeverChosenNorTriedAndADegradedOneComesLast() {
        fiveModels();
        health.put("a", health("a", HealthStatus.BLACKLISTED));
        health.put("b", health("b", HealthStatus.DEGRADED));
        load();
        ModelRouter router = router(5);
        assertThat(router.choose(API, BEST).models()).containsExactly("c", "d", "e", "b");
        for (int i = 0; i < 200; i++) {
            assertThat(router.choose(API, RouteOptions.defaults()).models()).doesNotContain("a");
        }
        List<String> called = new ArrayList<>();
        assertThatThrownBy(() -> router.call(API, BEST, model -> {
            called.add(model);
            throw new SocketTimeoutException();
        })).isInstanceOf(RoutingFailedException.class);
        assertThat(called).containsExactly("c", "d", "e", "b");
    }

    @Test
    void theSameAnswersAsTheRecommendationForTheSameFigures() {
        model(API, "a", 40, 39, 200, 0.001);
        model(API, "b", 30, 28, 150, 0.0005);
        model("code/backend", "a", 400, 380, 220, 0.001);
        model("code/backend", "b", 300, 290, 160, 0.0005);
        model("code/backend", "c", 200, 199, 900, 0.01);
        model("code", "a", 900, 850, 230, 0.001);
        model("code", "b", 800, 760, 170, 0.0005);
        model("code", "c", 500, 495, 950, 0.01);
        model("code", "d", 100, 99, 90, 0.0001);
        figures.put("*", figures.get("code"));
        health.put("c", health("c", HealthStatus.DEGRADED));
        load();
        ModelRouter router = router(3);
        Recommender server = new Recommender(new Ranker(new Scoring(5), new PooledEstimator(10)), RULES);
        Map<String, List<ModelFigures>> byLevel = new LinkedHashMap<>();
        figures.forEach((level, models) -> byLevel.put(level, List.copyOf(models.values())));
        for (Priority priority : Priority.values()) {
            for (Urgency urgency : Urgency.values()) {
                for (Objective objective : List.of(Objective.SCORE, Objective.cheapest(null, null), Objective.cheapest(0.9, null))) {
                    for (long seed = 0; seed < 20; seed++) {
                        for (DecisionMode mode : DecisionMode.values()) {
                            RouteOptions options = new RouteOptions(priority, urgency, mode, objective, seed, Set.of("d"));
                            Recommendation expected = server.answer("acme", API, "24h", options.decision(), options.exclude(),
                                    byLevel, NOW.toEpochMilli(), health);
                            List<String> expectedModels = new ArrayList<>();
                            expectedModels.add(expected.best().model());
                            expected.fallbacks().forEach(choice -> expectedModels.add(choice.model()));
                            assertThat(router.choose(API, options).models()).as("%s %s %s %s seed %d", priority, urgency,
                                    objective.label(), mode, seed).containsExactlyElementsOf(expectedModels);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aCategoryWithoutAnyCallGetsTheRuleTable() {
        model("writing", "w", 100, 100, 100, 0.001);
        load();
        Decision decision = router(3).choose(API, BEST);
        assertThat(decision.source()).isEqualTo(Decision.Source.RULES);
        assertThat(decision.models()).containsExactly("rule/first", "rule/second");
        assertThat(meters.get("modelperf.router.decisions").tag("source", "rules").counter().count()).isEqualTo(1);
        assertThat(meters.get("modelperf.router.data.age").gauge().value()).isEqualTo(2.0);
    }

    /** An SDK-like exception exposing its HTTP status, as FailureClassifier reads it. */
    public static final class HttpFailure extends IOException {

        private final int status;

        HttpFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int statusCode() {
            return status;
        }
    }
}
