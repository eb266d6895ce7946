package dev.modelperf.query.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/predict} end to end: calls through the client, counted by the topology, predicted over HTTP. */
class PredictionIT {

    private static final String PREDICT = "/api/v1/predict?tenant=pit&window=1h&category=code/backend&model=";

    @TempDir
    static Path stateDir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start();
        process = TestServers.start(stack, TestServers.settings(stack, "prediction-it-" + UUID.randomUUID(), stateDir,
                "rankings.refresh.interval", "200ms"));
        api = TestServers.api(process);
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void predictionsMoveWithTheCallsSent() throws Exception {
        JsonNode nothing = get(PREDICT + "fast");
        assertThat(nothing.get("probability").asDouble()).isEqualTo(0.5);
        assertThat(nothing.get("basis").get("source").asText()).isEqualTo("NONE");
        assertThat(nothing.get("interval").get("low").asDouble()).isLessThan(0.1);
        assertThat(nothing.get("reason").asText()).startsWith("No call of fast in code/backend");

        Instant now = Instant.now();
        List<ModelCall> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(call("fast", "code/backend", Complexity.LOW, i < 95 ? CallStatus.OK : CallStatus.SERVER_ERROR, now));
            calls.add(call("fast", "code/backend", Complexity.HIGH, i < 50 ? CallStatus.OK : CallStatus.TIMEOUT, now));
            calls.add(call("elsewhere", "code/frontend", Complexity.MEDIUM, i < 90 ? CallStatus.OK : CallStatus.SERVER_ERROR, now));
        }
        send(calls);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(PREDICT + "fast").get("samples").asLong() == 200 && get(PREDICT + "elsewhere").get("samples").asLong() == 100);

        // All of fast's calls are in code/backend: its belief there is Beta(1 + 145, 1 + 55).
        JsonNode any = get(PREDICT + "fast");
        assertThat(any.get("probability").asDouble()).isCloseTo(146.0 / 202, within(0.005));
        assertThat(any.get("basis").get("source").asText()).isEqualTo("CATEGORY");
        assertThat(any.get("qualityObserved").asBoolean()).isFalse();
        assertThat(any.get("tenant").asText()).isEqualTo("pit");
        double low = get(PREDICT + "fast&complexity=LOW").get("probability").asDouble();
        JsonNode high = get(PREDICT + "fast&complexity=HIGH");
        assertThat(high.get("probability").asDouble()).isLessThan(any.get("probability").asDouble());
        assertThat(low).isGreaterThan(any.get("probability").asDouble());
        assertThat(high.get("complexityShift").get("calls").asLong()).isEqualTo(100);
        assertThat(high.get("complexityShift").get("logOdds").asDouble()).isNegative();
        assertThat(get(PREDICT + "fast&complexity=UNKNOWN").get("probability").asDouble()).isEqualTo(any.get("probability").asDouble());

        JsonNode parent = get(PREDICT + "elsewhere");
        assertThat(parent.get("basis").get("source").asText()).isEqualTo("PARENT");
        assertThat(parent.get("basis").get("category").asText()).isEqualTo("code");
        assertThat(parent.get("probability").asDouble()).isCloseTo(91.0 / 102, within(0.005));

        List<ModelCall> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            failures.add(call("fast", "code/backend", Complexity.LOW, CallStatus.SERVER_ERROR, now));
        }
        send(failures);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(PREDICT + "fast").get("samples").asLong() == 400);
        JsonNode after = get(PREDICT + "fast");
        assertThat(after.get("probability").asDouble()).isCloseTo(146.0 / 402, within(0.005));
        assertThat(get(PREDICT + "fast&complexity=LOW").get("probability").asDouble())
                .as("LOW calls now fail most: LOW no longer predicts better than the rest").isLessThan(after.get("probability").asDouble());
    }

    @Test
    void badParametersAreA400NamingTheParameter() throws Exception {
        assertBadRequest("/api/v1/predict?category=code", "model", "model must be given: the model whose success is predicted");
        assertBadRequest("/api/v1/predict?category=code&model=m&complexity=EXTREME", "complexity",
                "complexity must be one of LOW, MEDIUM, HIGH, UNKNOWN");
        assertBadRequest("/api/v1/predict?category=code&model=m&window=2d", "window", "window must be one of 1h, 24h, 7d, 30d");
        assertBadRequest("/api/v1/predict?category=Code&model=m", "category", null);
        assertBadRequest("/api/v1/predict?model=" + "m".repeat(201), "model", "model must be at most 200 characters");
    }

    private void assertBadRequest(String path, String parameter, String message) throws Exception {
        HttpResponse<String> response = request(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("bad_request");
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }

    private static void send(List<ModelCall> calls) {
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant("pit").build()) {
            CompletableFuture.allOf(calls.stream().map(client::record).toArray(CompletableFuture[]::new)).join();
        }
    }

    private static ModelCall call(String model, String category, Complexity complexity, CallStatus status, Instant at) {
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setModel(model)
                .setProvider("test")
                .setCategory(category)
                .setComplexity(complexity)
                .setLatencyMs(200)
                .setStatus(status)
                .build();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = request(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> request(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
