package dev.modelperf.query.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import dev.modelperf.streams.validate.ValidationSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest endpoints over real HTTP, with a publisher whose acknowledgements the test controls. */
class IngestControllerTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** Records what it is asked to publish and answers with {@link #acknowledgement}. */
    private static final class RecordingPublisher implements EventPublisher {
        final List<ModelCall> calls = new CopyOnWriteArrayList<>();
        final List<Feedback> feedback = new CopyOnWriteArrayList<>();
        final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
        final List<RoutingOutcome> outcomes = new CopyOnWriteArrayList<>();
        final List<Comparison> comparisons = new CopyOnWriteArrayList<>();
        final List<Judgment> judgments = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> acknowledgement = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<Void> publishCalls(List<ModelCall> batch) {
            calls.addAll(batch);
            return acknowledgement;
        }

        @Override
        public CompletableFuture<Void> publishFeedback(List<Feedback> batch) {
            feedback.addAll(batch);
            return acknowledgement;
        }

        @Override
        public CompletableFuture<Void> publishRoutingDecisions(List<RoutingDecision> batch) {
            decisions.addAll(batch);
            return acknowledgement;
        }

        @Override
        public CompletableFuture<Void> publishRoutingOutcomes(List<RoutingOutcome> batch) {
            outcomes.addAll(batch);
            return acknowledgement;
        }

        @Override
        public CompletableFuture<Void> publishComparisons(List<Comparison> batch) {
            comparisons.addAll(batch);
            return acknowledgement;
        }

        @Override
        public CompletableFuture<Void> publishJudgments(List<Judgment> batch) {
            judgments.addAll(batch);
            return acknowledgement;
        }

        @Override
        public void close() {
        }
    }

    private final RecordingPublisher publisher = new RecordingPublisher();
    /** What the tenant's limits refuse of the next batch: a stand-in for the stream's store, checked by LimitsIT. */
    private volatile List<FieldError> refusedByLimits = List.of();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private Javalin app;

    @BeforeEach
    void start() {
        IngestController ingest = new IngestController(
                new EventJson(new ValidationSettings(Duration.ofMinutes(5), 100, Duration.ofDays(1).minusMinutes(1)),
                        Clock.fixed(NOW, ZoneOffset.UTC)), publisher, calls -> refusedByLimits);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.routes.post("/api/v1/events/calls", ingest::calls);
            config.routes.post("/api/v1/events/feedback", ingest::feedback);
            config.routes.post("/api/v1/events/routing", ingest::routingDecisions);
            config.routes.post("/api/v1/events/routing-outcomes", ingest::routingOutcomes);
            config.routes.post("/api/v1/events/comparisons", ingest::comparisons);
            config.routes.post("/api/v1/events/judgments", ingest::judgments);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) {
        return postAsync(path, body).join();
    }

    private void assertJson(HttpResponse<String> response, int status, String json) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(json));
    }

    private static final String CALL = """
            {"eventId":"c-1","timestamp":"2025-06-01T11:59:00Z","model":"openai/gpt-4o","provider":"openai",
             "category":"code/backend/api","complexity":"high","latencyMs":840,"timeToFirstTokenMs":120,
             "inputTokens":1200,"outputTokens":310,"costUsd":0.012,"status":"OK","attributes":{"region":"eu"}}""";

    private static final String DECISION = """
            {"decisionId":"d-1","timestamp":"2025-06-01T11:59:00Z","tenant":"acme","category":"support",
             "layers":[{"layerId":"keyword","confidence":0.4,"threshold":0.8,"accepted":false,"latencyMs":2},
                       {"layerId":"semantic","name":"Embedding similarity","confidence":0.82,"threshold":0.7,"accepted":true,
                        "target":"billing","latencyMs":18.5}],
             "finalTarget":"billing","finalLayer":"semantic","finalConfidence":0.82,"totalLatencyMs":20.5}""";

    @Test
    void aRoutingDecisionIsAcceptedWithItsLayers() throws Exception {
        assertJson(post("/api/v1/events/routing", DECISION), 202, "{\"accepted\":1,\"eventIds\":[\"d-1\"]}");
        assertThat(publisher.decisions).singleElement().satisfies(decision -> {
            assertThat(decision.getTenant()).isEqualTo("acme");
            assertThat(decision.getClarified()).isFalse();
            assertThat(decision.getLayers()).hasSize(2);
            assertThat(decision.getLayers().get(1).getName()).isEqualTo("Embedding similarity");
            assertThat(decision.getLayers().get(1).getLatencyMs()).isEqualTo(18.5);
            assertThat(decision.getLayers().get(0).getTarget()).isNull();
        });
    }

    @Test
    void aRoutingDecisionThatBreaksARuleIsRefusedNamingTheNestedField() throws Exception {
        assertJson(post("/api/v1/events/routing", DECISION.replace("\"confidence\":0.4", "\"confidence\":1.4")
                        .replace("\"latencyMs\":2}", "\"latencyMs\":2,\"score\":1}")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"layers[0].score","message":"unknown field"}]}""");
        assertJson(post("/api/v1/events/routing", DECISION.replace("\"confidence\":0.4", "\"confidence\":1.4")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"layers[0].confidence","message":"must be a number between 0 and 1 (was 1.4)"}]}""");
        assertJson(post("/api/v1/events/routing", DECISION.replace("\"finalLayer\":\"semantic\"", "\"finalLayer\":\"keyword\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"finalLayer","message":"must be the layerId of the accepting layer, semantic (was keyword)"}]}""");
        assertThat(publisher.decisions).isEmpty();
    }

    @Test
    void aRoutingOutcomeIsAcceptedAndOneWithoutItsDecisionIsRefused() throws Exception {
        assertJson(post("/api/v1/events/routing-outcomes", """
                {"eventId":"o-1","decisionId":"d-1","completed":true,"correctTarget":"billing"}"""), 202,
                "{\"accepted\":1,\"eventIds\":[\"o-1\"]}");
        assertThat(publisher.outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.getCorrectTarget()).isEqualTo("billing");
            assertThat(outcome.getCorrect()).isNull();
            assertThat(outcome.getTimestamp()).isEqualTo(NOW);
        });
        assertJson(post("/api/v1/events/routing-outcomes", "{\"eventId\":\"o-2\",\"qualityScore\":2}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"decisionId","message":"is required"},
                  {"index":0,"field":"completed","message":"is required"}]}""");
    }

    @Test
    void aBatchWithACallPastItsTenantsLimitsIs422AndNothingOfItIsSent() throws Exception {
        refusedByLimits = List.of(new FieldError(1, "model", "limit reached: tenant 'default' already has 500 models, the most "
                + "limits.models.per.tenant (500) allows; model 'm' would be one more"));
        assertJson(post("/api/v1/events/calls", "[" + CALL + "," + CALL.replace("c-1", "c-2") + "]"), 422, """
                {"status":422,"error":"limit_reached","accepted":0,"errors":[{"index":1,"field":"model","message":
                 "limit reached: tenant 'default' already has 500 models, the most limits.models.per.tenant (500) allows; model 'm' would be one more"}]}""");
        assertThat(publisher.calls).isEmpty();
    }

    @Test
    void oneCallIsAcceptedWithItsFieldsMapped() throws Exception {
        assertJson(post("/api/v1/events/calls", CALL), 202, "{\"accepted\":1,\"eventIds\":[\"c-1\"]}");
        assertThat(publisher.calls).singleElement().satisfies(call -> {
            assertThat(call.getTimestamp()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
            assertThat(call.getTenant()).isEqualTo("default");
            assertThat(call.getOperation()).isEqualTo("chat");
            assertThat(call.getComplexity()).isEqualTo(Complexity.HIGH);
            assertThat(call.getLatencyMs()).isEqualTo(840);
            assertThat(call.getTimeToFirstTokenMs()).isEqualTo(120);
            assertThat(call.getCostUsd()).isEqualTo(0.012);
            assertThat(call.getStatus()).isEqualTo(CallStatus.OK);
            assertThat(call.getAttributes()).isEqualTo(Map.of("region", "eu"));
        });
    }

    @Test
    void aBatchWithoutIdsOrTimesGetsGeneratedIdsAndTheTimeOfReceipt() throws Exception {
        HttpResponse<String> response = post("/api/v1/events/calls", """
                [{"tenant":"acme","model":"llama3:70b","provider":"ollama","category":"translation","latencyMs":300,"status":"ok"},
                 {"tenant":"acme","model":"llama3:70b","provider":"ollama","category":"translation","latencyMs":30000,
                  "status":"TIMEOUT","timestamp":1748779140000}]""");
        assertThat(response.statusCode()).isEqualTo(202);
        List<String> ids = publisher.calls.stream().map(ModelCall::getEventId).toList();
        assertThat(mapper.readTree(response.body()).get("eventIds")).hasSize(2);
        assertThat(mapper.readTree(response.body()).get("eventIds").get(0).asText()).isEqualTo(ids.get(0));
        assertThat(publisher.calls.get(0).getTimestamp()).isEqualTo(NOW);
        assertThat(publisher.calls.get(1).getTimestamp()).isEqualTo(Instant.ofEpochMilli(1748779140000L));
    }

    @Test
    void aBatchWithAnInvalidEventAcceptsNoneAndNamesEveryError() throws Exception {
        String body = "[" + CALL + ", " + """
                {"eventId":"c-2","model":"openai/gpt-4o","provider":"openai","category":"Code","latencyMs":-5,"status":"OK",
                 "qualityScore":1.5},
                {"eventId":"c-3","model":"openai/gpt-4o","category":"code","latencyMs":"fast","status":"MAYBE",
                 "latency_ms":5, "timestamp":"yesterday"},
                42]""";
        assertJson(post("/api/v1/events/calls", body), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":1,"field":"category","message":"must be 1-4 '/'-separated segments of [a-z0-9_-] (e.g. code/backend/api)"},
                  {"index":1,"field":"latencyMs","message":"must be between 0 and 3600000 (was -5)"},
                  {"index":1,"field":"qualityScore","message":"must be a finite number between 0 and 1 (was 1.5)"},
                  {"index":2,"field":"latency_ms","message":"unknown field"},
                  {"index":2,"field":"timestamp","message":"must be epoch milliseconds or an ISO-8601 instant such as 2025-06-01T12:00:00Z (was \\"yesterday\\")"},
                  {"index":2,"field":"provider","message":"is required"},
                  {"index":2,"field":"latencyMs","message":"must be an integer"},
                  {"index":2,"field":"status","message":"must be one of OK, SERVER_ERROR, TIMEOUT, RATE_LIMITED, CONTENT_FILTERED, CLIENT_ERROR (was \\"MAYBE\\")"},
                  {"index":3,"field":null,"message":"must be a JSON object (was number)"}]}""");
        assertThat(publisher.calls).isEmpty();
    }

    /** Found by {@code HostileInputIT}: an event valid but for one unknown field was answered 500. */
    @Test
    void anOtherwiseValidEventWithAnUnknownFieldIsA400NamingIt() throws Exception {
        assertJson(post("/api/v1/events/calls", CALL.replace("\"status\":\"OK\"", "\"status\":\"OK\",\"comp\\u0000exity\":\"MEDIUM\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"comp\\u0000exity","message":"unknown field"}]}""");
        assertJson(post("/api/v1/events/feedback", "{\"callEventId\":\"c-1\",\"rating\":1,\"extra\":true}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"extra","message":"unknown field"}]}""");
        assertThat(publisher.calls).isEmpty();
        assertThat(publisher.feedback).isEmpty();
    }

    @Test
    void feedbackIsAcceptedAndCheckedByItsOwnRules() throws Exception {
        assertJson(post("/api/v1/events/feedback", """
                [{"eventId":"f-1","callEventId":"c-1","rating":1,"helpful":true},
                 {"eventId":"f-2","callEventId":"c-2","source":"judge","overall":4,"model":"openai/gpt-4o","category":"code"}]"""),
                202, "{\"accepted\":2,\"eventIds\":[\"f-1\",\"f-2\"]}");
        assertThat(publisher.feedback).extracting(Feedback::getSource).containsExactly(FeedbackSource.USER, FeedbackSource.JUDGE);

        assertJson(post("/api/v1/events/feedback", "{\"eventId\":\"f-3\",\"rating\":3,\"overall\":0,\"helpful\":\"yes\"}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"callEventId","message":"is required"},
                  {"index":0,"field":"helpful","message":"must be true or false"}]}""");
        assertJson(post("/api/v1/events/feedback", "{\"eventId\":\"f-3\",\"callEventId\":\"c-1\",\"rating\":3,\"overall\":0}"),
                400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"rating","message":"must be -1, 0 or 1 (was 3)"},
                  {"index":0,"field":"overall","message":"must be between 1 and 5 (was 0)"}]}""");
    }

    @Test
    void theAnswerWaitsForTheBrokersAcknowledgement() throws Exception {
        CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
        publisher.acknowledgement = acknowledgement;
        CompletableFuture<HttpResponse<String>> response = postAsync("/api/v1/events/calls", CALL);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.calls.size() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !response.isDone());
        acknowledgement.complete(null);
        assertJson(response.join(), 202, "{\"accepted\":1,\"eventIds\":[\"c-1\"]}");
    }

    @Test
    void aFailedSendIsA503WithRetryAfter() throws Exception {
        publisher.acknowledgement = CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s) for modelperf.calls.v1-0"));
        HttpResponse<String> response = post("/api/v1/events/calls", CALL);
        assertJson(response, 503, """
                {"status":503,"error":"not_stored","parameter":null,"message":"Kafka did not acknowledge every event (Expiring 1 record(s) for modelperf.calls.v1-0); some may be stored: retry the whole request with the same eventIds"}""");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void aBodyThatIsNoEventIsA400AndAnOversizedBatchA413() throws Exception {
        HttpResponse<String> notJson = post("/api/v1/events/calls", "{\"model\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(notJson.body()).get("error").asText()).isEqualTo("invalid_json");
        assertJson(post("/api/v1/events/calls", "[]"), 400, """
                {"status":400,"error":"bad_request","parameter":null,
                 "message":"The body must be one event (a JSON object) or a non-empty JSON array of at most 1000 events"}""");
        assertJson(post("/api/v1/events/calls", "[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]"), 413, """
                {"status":413,"error":"too_many_events","parameter":null,"message":"A batch holds at most 1000 events (was 1001)"}""");
        assertThat(publisher.calls).isEmpty();
    }

    /** Found by {@code HostileInputIT}: a byte that is not UTF-8 was read as U+FFFD and the altered event accepted. */
    @Test
    void aBodyThatIsNotUtf8IsA400() throws Exception {
        byte[] body = CALL.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body[CALL.indexOf("gpt-4o") + 3] = (byte) 0xC0;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/events/calls"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(mapper.readTree(response.body()).get("error").asText()).isEqualTo("invalid_json");
        assertThat(mapper.readTree(response.body()).get("message").asText()).contains("UTF-8");
        assertThat(publisher.calls).isEmpty();
    }

    @Test
    void aBodyMustBeExactlyOneJsonValueWithEachKeyOnce() throws Exception {
        for (String body : List.of(CALL + CALL, CALL + "xyz", "[" + CALL + "] []",
                "{\"model\":\"a\",\"model\":\"b\",\"provider\":\"p\",\"category\":\"x\",\"latencyMs\":1,\"status\":\"OK\"}")) {
            HttpResponse<String> response = post("/api/v1/events/calls", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(mapper.readTree(response.body()).get("error").asText()).isEqualTo("invalid_json");
            assertThat(mapper.readTree(response.body()).get("message").asText())
                    .startsWith("The body is not one JSON value in UTF-8 (an object or an array, each key once): ")
                    .containsAnyOf("Trailing token", "Duplicate field 'model'", "Unrecognized token 'xyz'");
        }
        assertThat(publisher.calls).isEmpty();
    }

    @Test
    void hostileValuesAre400sNamingTheFieldAndRule() throws Exception {
        assertJson(post("/api/v1/events/calls", CALL.replace("\"2025-06-01T11:59:00Z\"", "\"+999999999-12-31T23:59:59Z\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"timestamp","message":"must not be more than 300000 ms in the future (was +999999999-12-31T23:59:59Z)"}]}""");
        assertJson(post("/api/v1/events/feedback", "{\"callEventId\":\"c-1\",\"rating\":1,\"timestamp\":\"+999999999-12-31T23:59:59Z\"}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"timestamp","message":"must not be more than 300000 ms in the future (was +999999999-12-31T23:59:59Z)"}]}""");
        assertJson(post("/api/v1/events/feedback", "{\"callEventId\":\"c-1\",\"rating\":1099511627776,\"overall\":-99999999999999999999}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"rating","message":"must be -1, 0 or 1 (was 1099511627776)"},
                  {"index":0,"field":"overall","message":"must be between 1 and 5 (was -99999999999999999999)"}]}""");
        assertJson(post("/api/v1/events/calls", CALL.replace("\"costUsd\":0.012", "\"costUsd\":1e308")
                .replace("\"inputTokens\":1200", "\"inputTokens\":9223372036854775807")
                .replace("\"openai/gpt-4o\"", "\"gpt\\u0000-4o\"").replace("\"openai\"", "\"\\u200b\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"model","message":"must be printable: no control, invisible or unassigned character (U+0000 at index 3)"},
                  {"index":0,"field":"provider","message":"must be printable: no control, invisible or unassigned character (U+200B at index 0)"},
                  {"index":0,"field":"inputTokens","message":"must be between 0 and 10000000 (was 9223372036854775807)"},
                  {"index":0,"field":"costUsd","message":"must be a number between 0 and 100.0 (validation.max.call.cost.usd) (was 1.0E308)"}]}""");
        assertThat(publisher.calls).isEmpty();
        assertThat(publisher.feedback).isEmpty();
    }

    @Test
    void aCallOlderThanTheMinutesKeptIsRefusedNotSentToTheDlq() throws Exception {
        assertJson(post("/api/v1/events/calls", CALL.replace("2025-06-01T11:59:00Z", "2025-05-31T11:59:00Z")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"timestamp","message":"must not be more than 86340000 ms in the past: the 1-minute aggregates keep window.minute.retention less a minute (was 86460000 ms ago)"}]}""");
        assertThat(publisher.calls).isEmpty();
    }

    private static final String COMPARISON = """
            {"eventId":"cmp-1","timestamp":"2025-06-01T11:59:00Z","tenant":"acme","category":"code/backend","complexity":"high",
             "entries":[{"model":"openai/gpt-4o","provider":"openai","score":0.9,"latencyMs":840,"inputTokens":1200,
                         "outputTokens":310,"costUsd":0.012,"callEventId":"c-1"},
                        {"model":"llama3:70b","score":0.6}],
             "winner":"openai/gpt-4o","consensusScore":0.8,"judge":"gpt-4o-judge"}""";

    private static final String JUDGMENT = """
            {"eventId":"j-1","timestamp":"2025-06-01T11:59:30Z","callEventId":"c-1","judge":"rubric-v2",
             "scores":{"correctness":0.9,"style":0.5},"passed":true,"thinkingBudgetTokens":4000,"thinkingTokensUsed":1500,
             "minimality":0.75,"comment":"tight diff"}""";

    @Test
    void aComparisonIsAcceptedWithItsEntries() throws Exception {
        assertJson(post("/api/v1/events/comparisons", COMPARISON), 202, "{\"accepted\":1,\"eventIds\":[\"cmp-1\"]}");
        assertThat(publisher.comparisons).singleElement().satisfies(comparison -> {
            assertThat(comparison.getTenant()).isEqualTo("acme");
            assertThat(comparison.getComplexity()).isEqualTo(Complexity.HIGH);
            assertThat(comparison.getTie()).isFalse();
            assertThat(comparison.getEntries()).hasSize(2);
            assertThat(comparison.getEntries().get(0).getLatencyMs()).isEqualTo(840L);
            assertThat(comparison.getEntries().get(0).getCallEventId()).isEqualTo("c-1");
            assertThat(comparison.getEntries().get(1).getProvider()).isNull();
            assertThat(comparison.getEntries().get(1).getInputTokens()).isZero();
            assertThat(comparison.getWinner()).isEqualTo("openai/gpt-4o");
            assertThat(comparison.getConsensusScore()).isEqualTo(0.8);
        });
    }

    @Test
    void aComparisonThatBreaksARuleIsRefusedNamingTheNestedField() throws Exception {
        assertJson(post("/api/v1/events/comparisons", COMPARISON.replace("\"score\":0.6", "\"score\":0.6,\"votes\":3")
                .replace("\"judge\":", "\"jduge\":")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"jduge","message":"unknown field"},
                  {"index":0,"field":"entries[1].votes","message":"unknown field"}]}""");
        assertJson(post("/api/v1/events/comparisons", COMPARISON.replace("\"score\":0.6", "\"score\":1.6")
                .replace("\"winner\":\"openai/gpt-4o\"", "\"winner\":\"mistral\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"entries[1].score","message":"must be a finite number between 0 and 1 (was 1.6)"},
                  {"index":0,"field":"winner","message":"must be the model of one of the entries (was mistral)"}]}""");
        assertJson(post("/api/v1/events/comparisons", "{\"eventId\":\"cmp-2\",\"entries\":[{\"score\":\"high\"}],\"tie\":\"no\"}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"category","message":"is required"},
                  {"index":0,"field":"entries[0].model","message":"is required"},
                  {"index":0,"field":"entries[0].score","message":"must be a number"},
                  {"index":0,"field":"tie","message":"must be true or false"}]}""");
        assertJson(post("/api/v1/events/comparisons", COMPARISON.replace("2025-06-01T11:59:00Z", "2025-03-01T11:59:00Z")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"timestamp","message":"must be within the last 90d, the longest ratings window (was 2025-03-01T11:59:00Z)"}]}""");
        assertThat(publisher.comparisons).isEmpty();
    }

    @Test
    void judgmentsAreAcceptedOneOrABatchKeyedLikeFeedback() throws Exception {
        HttpResponse<String> response = post("/api/v1/events/judgments", "[" + JUDGMENT + """
                ,{"callEventId":"c-2","judge":"tests","passed":false,"model":"openai/gpt-4o","category":"code"}]""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(publisher.judgments).hasSize(2);
        assertThat(mapper.readTree(response.body()).get("eventIds").get(1).asText()).isEqualTo(publisher.judgments.get(1).getEventId());
        assertThat(publisher.judgments.get(0)).satisfies(judgment -> {
            assertThat(judgment.getEventId()).isEqualTo("j-1");
            assertThat(judgment.getTenant()).isEqualTo("default");
            assertThat(judgment.getScores()).isEqualTo(Map.of("correctness", 0.9, "style", 0.5));
            assertThat(judgment.getOverallScore()).isNull();
            assertThat(judgment.getPassed()).isTrue();
            assertThat(judgment.getThinkingBudgetTokens()).isEqualTo(4000L);
            assertThat(judgment.getThinkingTokensUsed()).isEqualTo(1500L);
            assertThat(judgment.getMinimality()).isEqualTo(0.75);
        });
        assertThat(publisher.judgments.get(1).getTimestamp()).isEqualTo(NOW);
        assertThat(publisher.judgments.get(1).getScores()).isEmpty();
    }

    @Test
    void aJudgmentThatBreaksARuleIsRefusedNamingTheField() throws Exception {
        assertJson(post("/api/v1/events/judgments", JUDGMENT.replace("\"passed\"", "\"pass\"")
                .replace("\"style\":0.5", "\"style\":\"good\"")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"pass","message":"unknown field"},
                  {"index":0,"field":"scores.style","message":"must be a number"}]}""");
        assertJson(post("/api/v1/events/judgments", JUDGMENT.replace("\"thinkingTokensUsed\":1500", "\"thinkingTokensUsed\":5000")
                .replace("\"style\":0.5", "\"style\":1.5").replace("\"minimality\":0.75", "\"minimality\":-1")), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"scores.style","message":"must be a finite number between 0 and 1 (was 1.5)"},
                  {"index":0,"field":"thinkingTokensUsed","message":"must not exceed thinkingBudgetTokens (5000 > 4000)"},
                  {"index":0,"field":"minimality","message":"must be a finite number between 0 and 1 (was -1.0)"}]}""");
        assertJson(post("/api/v1/events/judgments", "{\"scores\":[0.5],\"passed\":1}"), 400, """
                {"status":400,"error":"invalid_events","accepted":0,"errors":[
                  {"index":0,"field":"callEventId","message":"is required"},
                  {"index":0,"field":"judge","message":"is required"},
                  {"index":0,"field":"scores","message":"must be an object of numbers"},
                  {"index":0,"field":"passed","message":"must be true or false"}]}""");
        assertThat(publisher.judgments).isEmpty();
    }
}
