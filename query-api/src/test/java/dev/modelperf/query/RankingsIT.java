package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on the real local broker: calls through the client, counted by the topology, read over HTTP. */
class RankingsIT {

    private static final Map<String, Integer> CALLS_PER_MODEL = new LinkedHashMap<>();

    static {
        CALLS_PER_MODEL.put("openai/gpt-4o", 400);
        CALLS_PER_MODEL.put("llama3:70b", 300);
        CALLS_PER_MODEL.put("anthropic/claude-haiku-4", 200);
        CALLS_PER_MODEL.put("odd|name:v1/x", 100);
    }

    @TempDir
    static Path stateDir;

    private static final String APPLICATION_ID = "rankings-it-" + UUID.randomUUID();
    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start();
        process = TestServers.start(stack, TestServers.settings(stack, APPLICATION_ID, stateDir, "window.hour.retention", "10d"));
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
    void thousandCallsThroughTheClientShowExactCountsPerModel() throws Exception {
        Instant now = Instant.now();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        List<String> judgedCalls = new ArrayList<>();
        try (ModelPerfClient client = ModelPerfClient.builder()
                .bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl())
                .tenant("it")
                .build()) {
            int sequence = 0;
            for (Map.Entry<String, Integer> model : CALLS_PER_MODEL.entrySet()) {
                for (int i = 0; i < model.getValue(); i++, sequence++) {
                    // Every tenth call fails, so successes are checked too.
                    CallStatus status = i % 10 == 0 ? CallStatus.TIMEOUT : CallStatus.OK;
                    ModelCall call = call(model.getKey(), sequence % 2 == 0 ? "code/backend/api" : "writing/blog",
                            now.minusSeconds(sequence % 300), status);
                    if (model.getKey().equals("openai/gpt-4o") && judgedCalls.size() < 50) {
                        judgedCalls.add(call.getEventId());
                    }
                    sends.add(client.record(call));
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(sends).hasSize(1000).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());

        Map<String, Integer> expected = CALLS_PER_MODEL;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> countsPerModel(get("/api/v1/rankings?tenant=it&window=1h")).equals(expected));

        JsonNode rankings = get("/api/v1/rankings?tenant=it&window=1h");
        assertThat(countsPerModel(rankings)).isEqualTo(expected);
        for (JsonNode model : rankings.get("models")) {
            int count = expected.get(model.get("model").asText());
            assertThat(model.get("successes").asLong()).isEqualTo(count - count / 10);
            assertThat(model.get("successRate").asDouble()).isEqualTo((double) (count - count / 10) / count);
            assertThat(model.get("latencyP50Ms").asDouble()).isBetween(100.0, 500.0);
            assertThat(model.get("health").get("status").asText()).isEqualTo("HEALTHY");
        }
        JsonNode sampled = get("/api/v1/recommendation?tenant=it&window=1h&category=code/backend/api&mode=sample&seed=3");
        assertThat(sampled.get("mode").asText()).isEqualTo("sample");
        assertThat(sampled.get("best").get("draw").isNumber()).as("a sampled answer shows its draw").isTrue();
        JsonNode code = get("/api/v1/rankings?tenant=it&window=1h&category=" + URLEncoder.encode("code", StandardCharsets.UTF_8));
        assertThat(countsPerModel(code).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
        assertThat(countsPerModel(get("/api/v1/rankings?window=1h"))).as("tenant default sees none of tenant it").isEmpty();

        analyticsEndpointsServeEveryLevel();
        feedbackJoinsItsCalls(judgedCalls, now);
        retentionSettingsReachTheChangelogs();
    }

    private void feedbackJoinsItsCalls(List<String> callIds, Instant now) throws Exception {
        try (KafkaProducer<String, Feedback> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new RegistryAvroSerializer<>(new HttpSchemaRegistry(stack.registryUrl())))) {
            for (String callId : callIds) {
                Feedback judgement = Feedback.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(now)
                        .setTenant("it").setCallEventId(callId).setRating(1).setOverall(4).build();
                producer.send(new ProducerRecord<>("modelperf.feedback.v1", "it|" + callId, judgement)).get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                get("/api/v1/models/" + URLEncoder.encode("openai/gpt-4o", StandardCharsets.UTF_8) + "/metrics?tenant=it&window=1h")
                        .get("stats").get("feedback").get("thumbsUp").asLong() == callIds.size());
        JsonNode feedback = get("/api/v1/models/" + URLEncoder.encode("openai/gpt-4o", StandardCharsets.UTF_8)
                + "/metrics?tenant=it&window=1h").get("stats").get("feedback");
        assertThat(feedback.get("count").asLong()).isEqualTo(50);
        assertThat(feedback.get("satisfaction").asDouble()).isEqualTo(1.0);
        assertThat(feedback.get("meanScores").get("overall").asDouble()).isEqualTo(4.0);
    }

    private void retentionSettingsReachTheChangelogs() throws Exception {
        try (Admin admin = stack.admin()) {
            String changelog = APPLICATION_ID + "-call-stats-1h-changelog";
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            // Kafka Streams keeps a window changelog one day longer than its store (windowstore.changelog.additional.retention.ms).
            assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(11).toMillis()));
        }
    }

    private void analyticsEndpointsServeEveryLevel() throws Exception {
        Map<String, Long> callsPerCategory = new HashMap<>();
        get("/api/v1/categories?tenant=it").get("categories").forEach(c ->
                callsPerCategory.put(c.get("category").asText() + " < " + c.path("parent").asText(null), c.get("calls").asLong()));
        assertThat(callsPerCategory).isEqualTo(Map.of("code/backend/api < code/backend", 500L, "code/backend < code", 500L,
                "code < *", 500L, "writing/blog < writing", 500L, "writing < *", 500L, "* < null", 1000L));

        JsonNode models = get("/api/v1/models?tenant=it").get("models");
        assertThat(models).hasSize(4).allSatisfy(m -> assertThat(m.get("provider").asText()).isEqualTo("test"));

        String odd = URLEncoder.encode("odd|name:v1/x", StandardCharsets.UTF_8);
        JsonNode metrics = get("/api/v1/models/" + odd + "/metrics?tenant=it&window=24h");
        assertThat(metrics.get("model").asText()).isEqualTo("odd|name:v1/x");
        assertThat(metrics.get("stats").get("count").asLong()).isEqualTo(100);
        assertThat(metrics.get("byCategory").get("code").get("count").asLong()
                + metrics.get("byCategory").get("writing").get("count").asLong()).isEqualTo(100);
        assertThat(send("/api/v1/models/" + URLEncoder.encode("no/such:model", StandardCharsets.UTF_8) + "/metrics?tenant=it")
                .statusCode()).isEqualTo(404);

        JsonNode summary = get("/api/v1/summary?tenant=it&days=1");
        assertThat(summary.get("totals").get("count").asLong()).isEqualTo(1000);
        assertThat(summary.get("byProvider").get("test").get("count").asLong()).isEqualTo(1000);
        assertThat(summary.get("bestModelByCategory").get("*").asText()).isIn(CALLS_PER_MODEL.keySet());

        long trendCalls = 0;
        for (JsonNode point : get("/api/v1/trends?tenant=it&days=1&interval=hour").get("points")) {
            trendCalls += point.get("stats").get("count").asLong();
        }
        assertThat(trendCalls).isEqualTo(1000);
    }

    @Test
    void badParametersAreA400NamingTheParameter() throws Exception {
        HttpResponse<String> response = send("/api/v1/rankings?window=2d");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(
                "{\"status\":400,\"error\":\"bad_request\",\"parameter\":\"window\",\"message\":\"window must be one of 1h, 24h, 7d, 30d\"}"));

        JsonNode tenant = mapper.readTree(send("/api/v1/rankings?tenant=Not%20Valid").body());
        assertThat(tenant.get("parameter").asText()).isEqualTo("tenant");
        JsonNode category = mapper.readTree(send("/api/v1/rankings?category=Code").body());
        assertThat(category.get("parameter").asText()).isEqualTo("category");
        assertThat(mapper.readTree(send("/api/v1/recommendation?category=code&mode=greedy").body()).get("message").asText())
                .isEqualTo("mode must be one of best, sample");
        assertThat(mapper.readTree(send("/api/v1/recommendation?category=code&seed=7").body()).get("message").asText())
                .isEqualTo("seed applies to mode=sample only");
        assertThat(mapper.readTree(send("/api/v1/recommendation?category=code&floor=0.8").body()).get("message").asText())
                .isEqualTo("floor applies to objective=cheapest only");
        assertThat(mapper.readTree(send("/api/v1/recommendation?category=code&objective=cheapest&floor=0.8&margin=0.1").body())
                .get("parameter").asText()).isEqualTo("margin");
        assertThat(mapper.readTree(send("/api/v1/recommendation?category=code&objective=cheapest&floor=1.5").body())
                .get("message").asText()).isEqualTo("floor must be a number from 0 to 1");
    }

    @Test
    void probesAnswer() throws Exception {
        assertThat(send("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(ready.body()).get("streams").asText()).isEqualTo("RUNNING");
        HttpResponse<String> missing = send("/api/v1/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(missing.body()).get("error").asText()).isEqualTo("not_found");
    }

    private static ModelCall call(String model, String category, Instant at, CallStatus status) {
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setModel(model)
                .setProvider("test")
                .setCategory(category)
                .setLatencyMs(200)
                .setInputTokens(10)
                .setOutputTokens(5)
                .setStatus(status)
                .build();
    }

    private Map<String, Integer> countsPerModel(JsonNode rankings) {
        Map<String, Integer> counts = new HashMap<>();
        rankings.get("models").forEach(m -> counts.put(m.get("model").asText(), m.get("samples").asInt()));
        return counts;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
