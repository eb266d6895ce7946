package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.query.ingest.EventJson;
import dev.modelperf.query.ingest.EventPublisher;
import dev.modelperf.query.ingest.IngestController;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.ModelPerfStreams;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error of the real {@link ApiServer} is the documented JSON body, the web server's own
 * included, and the ingest body limit fits the documented batch. Built over a Kafka Streams
 * client that is never started, so no broker is needed.
 */
class ApiErrorsTest {

    @TempDir
    static Path stateDir;

    private static ModelPerfStreams streams;
    private static Javalin app;
    private static final AtomicInteger published = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startServer() {
        ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "kafka.reconnect.backoff.ms", "60000",
                "kafka.reconnect.backoff.max.ms", "60000",
                "kafka.application.id", "api-errors-test",
                "state.dir", stateDir.toString()));
        streams = new ModelPerfStreams(settings.streams(), new InMemorySchemaRegistry());
        IngestController ingest = new IngestController(new EventJson(settings.streams().validation(), Clock.systemUTC()),
                new CountingPublisher());
        app = ApiServer.create(streams.kafkaStreams(), settings, 1, Clock.systemUTC(), ingest).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (streams != null) {
            streams.close();
        }
    }

    @Test
    void theWebServersOwnErrorsAreTheDocumentedJson() throws Exception {
        assertApiError(send(get("/api/v1/rankings?category=" + "a".repeat(20_000))), 414, "http_414");
        assertApiError(send(get("/api/v1/rankings").header("X-Padding", "p".repeat(20_000))), 431, "http_431");
        assertApiError(send(get("/no/such/path")), 404, "not_found");
        assertApiError(send(get("/api/v1/..;/openapi.json")), 400, "http_400");
        assertApiError(send(request("/api/v1/rankings").method("TRACE", HttpRequest.BodyPublishers.noBody())), 404, "not_found");
    }

    @Test
    void aDurationSinceBeyondAnyInstantIsA400() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/alerts?since=PT9999999999999H"));
        assertApiError(response, 400, "bad_request");
        assertThat(mapper.readTree(response.body()).get("message").asText())
                .isEqualTo("since must be a duration of at most 36500d back from now (was PT9999999999999H)");
    }

    @Test
    void theDocumentedBatchWithEveryFieldAtItsLongestFitsTheBodyLimitAndMoreIsA413() throws Exception {
        String batch = mapper.writeValueAsString(java.util.Collections.nCopies(IngestController.MAX_BATCH, longestCall()));
        assertThat(batch.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(20_000_000);

        HttpResponse<String> accepted = send(request("/api/v1/events/calls").POST(HttpRequest.BodyPublishers.ofString(batch)));
        assertThat(accepted.statusCode()).as(accepted.body().substring(0, Math.min(500, accepted.body().length()))).isEqualTo(202);
        assertThat(published.get()).isEqualTo(IngestController.MAX_BATCH);

        byte[] tooLarge = new byte[(int) IngestController.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        assertApiError(send(request("/api/v1/events/calls").POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge))), 413, "http_413");
    }

    /** A call whose every text field is at its maximum length, in characters that take 3 UTF-8 bytes where the rules allow. */
    private static Map<String, Object> longestCall() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("timestamp", Instant.now().toString());
        call.put("tenant", "t".repeat(64));
        call.put("model", "€".repeat(ModelCallRules.MAX_NAME_LENGTH));
        call.put("provider", "€".repeat(ModelCallRules.MAX_NAME_LENGTH));
        call.put("operation", "€".repeat(ModelCallRules.MAX_NAME_LENGTH));
        call.put("category", String.join("/", java.util.Collections.nCopies(4, "c".repeat(48))));
        call.put("complexity", "UNKNOWN");
        call.put("latencyMs", ModelCallRules.MAX_LATENCY_MS);
        call.put("timeToFirstTokenMs", ModelCallRules.MAX_LATENCY_MS);
        call.put("inputTokens", ModelCallRules.MAX_TOKENS);
        call.put("outputTokens", ModelCallRules.MAX_TOKENS);
        call.put("costUsd", 99.99999999999999);
        call.put("status", "CONTENT_FILTERED");
        call.put("errorType", "€".repeat(ModelCallRules.MAX_NAME_LENGTH));
        call.put("errorMessage", "€".repeat(ModelCallRules.MAX_ERROR_MESSAGE_LENGTH));
        call.put("qualityScore", 0.1234567890123456);
        call.put("conversationId", "€".repeat(ModelCallRules.MAX_ID_LENGTH));
        call.put("userId", "€".repeat(ModelCallRules.MAX_ID_LENGTH));
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < ModelCallRules.MAX_ATTRIBUTES; i++) {
            String key = String.format("%02d", i);
            attributes.put(key + "€".repeat(ModelCallRules.MAX_ATTRIBUTE_KEY_LENGTH - 2), "€".repeat(ModelCallRules.MAX_ATTRIBUTE_VALUE_LENGTH));
        }
        call.put("attributes", attributes);
        return call;
    }

    private void assertApiError(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.has("parameter")).isTrue();
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Acknowledges every event at once and counts them. */
    private static final class CountingPublisher implements EventPublisher {

        @Override
        public CompletableFuture<Void> publishCalls(List<ModelCall> calls) {
            published.addAndGet(calls.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishFeedback(List<Feedback> feedback) {
            published.addAndGet(feedback.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishRoutingDecisions(List<RoutingDecision> decisions) {
            published.addAndGet(decisions.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishRoutingOutcomes(List<RoutingOutcome> outcomes) {
            published.addAndGet(outcomes.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishComparisons(List<Comparison> comparisons) {
            published.addAndGet(comparisons.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishJudgments(List<Judgment> judgments) {
            published.addAndGet(judgments.size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
