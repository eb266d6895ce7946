package dev.modelperf.query.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.schemas.topics.Topics;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Judgments posted over HTTP in the real process on the real local broker: joined to their calls
 * in the stream, counted once, they turn the quality ranking between two models that are otherwise
 * alike, and show in the model's metrics. A comparison posted over HTTP lands on its topic and in the ratings.
 */
class JudgmentIT {

    private static final String TENANT = "judged";
    private static final String CATEGORY = "code/review";
    private static final int CALLS = 40;

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void judgmentsTurnTheQualityRankingAndShowInTheMetrics() throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            try (ModelPerfProcess process = TestServers.start(stack,
                    TestServers.settings(stack, "judgment-it-" + UUID.randomUUID(), stateDir))) {
                String api = TestServers.api(process);
                long now = Instant.now().toEpochMilli();
                // Alike but for latency: without a quality figure, the faster "rejected" ranks first.
                List<String> approvedCalls = postCalls(api, "approved", 900, now);
                List<String> rejectedCalls = postCalls(api, "rejected", 300, now);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(samples(rankings(api))).isEqualTo(Map.of("approved", CALLS, "rejected", CALLS)));
                JsonNode unjudged = rankings(api);
                assertThat(unjudged.get("models")).extracting(model -> model.get("model").asText()).containsExactly("rejected", "approved");
                assertThat(unjudged.get("models")).allSatisfy(model -> assertThat(model.path("estimates").path("quality").path("mean")
                        .isMissingNode()).as("no quality observed yet").isTrue());

                List<Map<String, Object>> judgments = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    judgments.add(Map.of("tenant", TENANT, "eventId", "a-" + i, "callEventId", approvedCalls.get(i),
                            "judge", "rubric", "overallScore", 0.95, "minimality", 0.5,
                            "thinkingBudgetTokens", 2000, "thinkingTokensUsed", 500));
                    judgments.add(Map.of("tenant", TENANT, "eventId", "r-" + i, "callEventId", rejectedCalls.get(i),
                            "judge", "tests", "passed", false));
                }
                String batch = mapper.writeValueAsString(judgments);
                HttpResponse<String> accepted = post(api + "/api/v1/events/judgments", batch);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(mapper.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(2 * CALLS);
                // A client retrying the whole batch: every judgment carries its id, so none counts twice. The last
                // judgment, new, shares the key (tenant|call) of a retried one, so once it counts the retry was judged.
                assertThat(post(api + "/api/v1/events/judgments", batch).statusCode()).isEqualTo(202);
                assertThat(post(api + "/api/v1/events/judgments", mapper.writeValueAsString(Map.of("tenant", TENANT,
                        "callEventId", approvedCalls.get(CALLS - 1), "judge", "rubric", "overallScore", 0.95))).statusCode())
                        .isEqualTo(202);
                assertThat(recordsOn(stack, Topics.DEFAULT.judgments())).isEqualTo(4L * CALLS + 1);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(judgmentsOf(api, "approved").get("count").asLong()).isEqualTo(CALLS + 1));
                JsonNode approved = judgmentsOf(api, "approved");
                assertThat(approved.get("meanScore").asDouble()).isCloseTo(0.95, within(1e-9));
                assertThat(approved.get("scored").asLong()).isEqualTo(CALLS + 1);
                assertThat(approved.get("meanMinimality").asDouble()).isEqualTo(0.5);
                assertThat(approved.get("thinkingBudgetUse").asDouble()).isEqualTo(0.25);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(judgmentsOf(api, "rejected").get("count").asLong()).isEqualTo(CALLS));
                JsonNode rejected = judgmentsOf(api, "rejected");
                assertThat(rejected.get("meanScore").asDouble()).isZero();
                assertThat(rejected.get("passed").asLong()).isZero();
                assertThat(rejected.get("passedAnswers").asLong()).isEqualTo(CALLS);

                // Rankings answer from a ready-made view refreshed apart from the stores the metrics read.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(rankings(api).get("models")).extracting(model -> model.get("model").asText())
                                .containsExactly("approved", "rejected"));
                JsonNode ranked = rankings(api);
                Map<String, Double> quality = new HashMap<>();
                ranked.get("models").forEach(model -> quality.put(model.get("model").asText(),
                        model.get("estimates").get("quality").get("mean").asDouble()));
                assertThat(quality.get("approved")).isGreaterThan(0.8);
                assertThat(quality.get("rejected")).isLessThan(0.2);

                HttpResponse<String> comparison = post(api + "/api/v1/events/comparisons", mapper.writeValueAsString(Map.of(
                        "tenant", TENANT, "category", CATEGORY, "winner", "approved", "entries", List.of(
                                Map.of("model", "approved", "score", 0.9, "callEventId", approvedCalls.get(0)),
                                Map.of("model", "rejected", "score", 0.2, "callEventId", rejectedCalls.get(0))))));
                assertThat(comparison.statusCode()).as(comparison.body()).isEqualTo(202);
                assertThat(recordsOn(stack, Topics.DEFAULT.comparisons())).isEqualTo(1);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(mapper.readTree(get(api + "/api/v1/ratings?window=1d&tenant=" + TENANT + "&category="
                                + URLEncoder.encode(CATEGORY, StandardCharsets.UTF_8)).body()).get("comparisons").asLong()).isEqualTo(1));
                JsonNode ratings = mapper.readTree(get(api + "/api/v1/ratings?window=1d&tenant=" + TENANT + "&category="
                        + URLEncoder.encode(CATEGORY, StandardCharsets.UTF_8)).body()).get("ratings");
                assertThat(ratings).extracting(rating -> rating.get("model").asText()).containsExactly("approved", "rejected");
                assertThat(ratings.get(0).get("wins").asDouble()).isEqualTo(1.0);
            }
        }
    }

    private List<String> postCalls(String api, String model, long latencyMs, long now) throws Exception {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(Map.of("tenant", TENANT, "timestamp", now - 1000L * i, "model", model, "provider", "p",
                    "category", CATEGORY, "latencyMs", latencyMs, "costUsd", 0.002, "status", "OK"));
        }
        HttpResponse<String> response = post(api + "/api/v1/events/calls", mapper.writeValueAsString(calls));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        mapper.readTree(response.body()).get("eventIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private JsonNode rankings(String api) throws Exception {
        return mapper.readTree(get(api + "/api/v1/rankings?tenant=" + TENANT + "&window=1h&priority=quality&category="
                + URLEncoder.encode(CATEGORY, StandardCharsets.UTF_8)).body());
    }

    private static Map<String, Integer> samples(JsonNode rankings) {
        Map<String, Integer> samples = new HashMap<>();
        rankings.get("models").forEach(model -> samples.put(model.get("model").asText(), model.get("samples").asInt()));
        return samples;
    }

    private JsonNode judgmentsOf(String api, String model) throws Exception {
        return mapper.readTree(get(api + "/api/v1/models/" + model + "/metrics?tenant=" + TENANT + "&window=1h").body())
                .get("stats").get("judgments");
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long recordsOn(LocalStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
