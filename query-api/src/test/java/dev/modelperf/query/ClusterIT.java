package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the app on the real local broker, each holding half of the partitions: both
 * give the same answers for every category (gathered from both, or forwarded to the owner), and
 * when one stops the other answers for everything after the rebalance, never partially before.
 */
class ClusterIT {

    private static final String TENANT = "cluster";
    private static final List<String> CATEGORIES = List.of("code/backend/api", "code/frontend", "writing/blog", "support");
    private static final List<String> MODELS = List.of("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4",
            "anthropic/claude-haiku-4", "google/gemini-2.5-flash", "mistral/mistral-large", "deepseek/deepseek-chat",
            "llama3:70b");
    private static final String APPLICATION_ID = "cluster-it-" + UUID.randomUUID();
    private static final int COMPARISONS_PER_CATEGORY = 12;

    @TempDir
    static Path stateDirs;

    private static final String ADMIN_KEY = "cluster-it-admin-0123456789";
    private static LocalStack stack;
    private static ModelPerfProcess first;
    private static ModelPerfProcess second;
    private static final Map<String, Integer> CALLS_PER_CATEGORY = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start();
        first = instance("a");
        second = instance("b");
        assertThat(first.awaitRunning(Duration.ofSeconds(60))).isTrue();
        assertThat(second.awaitRunning(Duration.ofSeconds(60))).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.kafkaStreams().metadataForAllStreamsClients().size() == 2
                && first.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                && second.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        sendCalls();
    }

    private static ModelPerfProcess instance(String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Access control on: forwarded and gathered reads must carry the instance key to be answered.
        Path keys = java.nio.file.Files.writeString(stateDirs.resolve("keys-" + name + ".csv"), ADMIN_KEY + ",default,admin\n");
        ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.ofEntries(
                Map.entry("auth.keys.file", keys.toString()),
                Map.entry("auth.internal.key", "cluster-it-instance-key-0123456789"),
                Map.entry("kafka.bootstrap.servers", stack.bootstrapServers()),
                Map.entry("kafka.application.id", APPLICATION_ID),
                Map.entry("kafka.application.server", "127.0.0.1:" + port),
                Map.entry("registry.url", stack.registryUrl()),
                Map.entry("state.dir", stateDirs.resolve(name).toString()),
                Map.entry("topic.partitions", "4"),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", String.valueOf(port)),
                Map.entry("query.retry.deadline", "3s")));
        return ModelPerfProcess.start(settings, new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
    }

    private static void sendCalls() {
        Instant now = Instant.now();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            for (int c = 0; c < CATEGORIES.size(); c++) {
                int calls = 0;
                for (int m = 0; m < MODELS.size(); m++) {
                    // Some models have fewer calls than a score needs in some categories, so fallbacks are exercised too.
                    int count = (m + c) % 5 == 0 ? 3 : 20 + 7 * m;
                    for (int i = 0; i < count; i++) {
                        CallStatus status = i % (4 + m) == 0 ? CallStatus.SERVER_ERROR : CallStatus.OK;
                        sends.add(client.record(ModelCall.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setTimestamp(now.minusSeconds(i % 120))
                                .setModel(MODELS.get(m))
                                .setProvider(MODELS.get(m).contains("/") ? MODELS.get(m).substring(0, MODELS.get(m).indexOf('/')) : "local")
                                .setCategory(CATEGORIES.get(c))
                                .setComplexity(i % 3 == 0 ? Complexity.HIGH : Complexity.LOW)
                                .setLatencyMs(100 + 40 * m + i % 50)
                                .setInputTokens(100)
                                .setOutputTokens(50)
                                .setStatus(status)
                                .build()));
                        calls++;
                    }
                }
                CALLS_PER_CATEGORY.put(CATEGORIES.get(c), calls);
                for (int i = 0; i < COMPARISONS_PER_CATEGORY; i++) {
                    String winner = MODELS.get(i % MODELS.size());
                    String loser = MODELS.get((i + 1 + c) % MODELS.size());
                    sends.add(client.recordComparison(Comparison.newBuilder().setEventId(UUID.randomUUID().toString())
                            .setTimestamp(now.minusSeconds(i)).setCategory(CATEGORIES.get(c)).setWinner(winner)
                            .setEntries(List.of(ComparisonEntry.newBuilder().setModel(winner).build(),
                                    ComparisonEntry.newBuilder().setModel(loser).build()))
                            .build()));
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        }
    }

    @AfterAll
    static void stop() {
        for (ModelPerfProcess process : new ModelPerfProcess[] {second, first}) {
            if (process != null) {
                process.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void bothInstancesAnswerAlikeThenOneAnswersForEverything() throws Exception {
        String api1 = "http://127.0.0.1:" + first.httpPort();
        String api2 = "http://127.0.0.1:" + second.httpPort();
        long total = CALLS_PER_CATEGORY.values().stream().mapToLong(Integer::longValue).sum();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> samples(api1, "*") == total && samples(api2, "*") == total);

        for (String category : queriedCategories()) {
            for (String query : List.of("/api/v1/rankings?window=1h&priority=cost&category=",
                    "/api/v1/recommendation?window=1h&urgency=critical&category=",
                    "/api/v1/predict?window=1h&model=openai%2Fgpt-4o&complexity=HIGH&category=")) {
                String path = query + URLEncoder.encode(category, StandardCharsets.UTF_8) + "&tenant=" + TENANT;
                assertThat(withoutAsOf(get(api1 + path))).as(path).isEqualTo(withoutAsOf(get(api2 + path)));
            }
        }
        for (Map.Entry<String, Integer> category : CALLS_PER_CATEGORY.entrySet()) {
            assertThat(samples(api1, category.getKey())).as(category.getKey()).isEqualTo(category.getValue().longValue());
        }
        // openai/gpt-4o: 3 calls in code/backend/api and 20 in each other category, every third HIGH; gathered from both instances.
        JsonNode prediction = get(api1 + "/api/v1/predict?window=1h&model=openai%2Fgpt-4o&complexity=HIGH&category=*&tenant=" + TENANT);
        assertThat(prediction.get("samples").asLong()).isEqualTo(63);
        assertThat(prediction.get("complexityShift").get("calls").asLong()).isEqualTo(1 + 3 * 7);
        JsonNode recommendation = get(api1 + "/api/v1/recommendation?window=1h&tenant=" + TENANT + "&category=code/backend/api");
        assertThat(recommendation.get("best").get("model").asText()).isIn(MODELS);
        assertThat(recommendation.get("fallbacks")).hasSize(3);

        for (String path : List.of("/api/v1/categories?tenant=" + TENANT, "/api/v1/models?tenant=" + TENANT,
                "/api/v1/summary?days=1&tenant=" + TENANT)) {
            assertThat(get(api1 + path)).as(path).isEqualTo(get(api2 + path));
        }
        for (String path : List.of("/api/v1/trends?days=1&tenant=" + TENANT, "/api/v1/trends?interval=minute&window=1h&tenant=" + TENANT)) {
            JsonNode fromFirst = get(api1 + path);
            assertThat(withoutTimes(fromFirst)).as(path).isEqualTo(withoutTimes(get(api2 + path)));
            assertThat(fromFirst.get("total").get("count").asLong()).as(path).isEqualTo(total);
        }
        assertThat(get(api1 + "/api/v1/categories?tenant=" + TENANT).get("categories"))
                .anySatisfy(c -> assertThat(c.get("calls").asLong()).isEqualTo(total));
        for (String model : MODELS) {
            String path = "/api/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/metrics?window=1h&tenant=" + TENANT;
            JsonNode fromFirst = get(api1 + path);
            assertThat(withoutTimes(fromFirst)).as(path).isEqualTo(withoutTimes(get(api2 + path)));
            assertThat(fromFirst.get("stats").get("count").asLong()).isPositive();
        }
        for (String category : queriedCategories()) {
            // Ratings live on the partition of tenant|level: the other instance relays the owner's answer.
            String path = "/api/v1/ratings?window=1d&tenant=" + TENANT + "&category=" + URLEncoder.encode(category, StandardCharsets.UTF_8);
            long comparisons = COMPARISONS_PER_CATEGORY * CATEGORIES.stream().filter(c -> CategoryPath.covers(category, c)).count();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(api1 + path).get("comparisons").asLong() == comparisons);
            assertThat(get(api2 + path)).as(path).isEqualTo(get(api1 + path));
        }

        second.close();
        second = null;
        // Through the rebalance: 503 with Retry-After, or the whole answer; never a partial one.
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = send(api1 + "/api/v1/rankings?window=1h&category=*&tenant=" + TENANT);
            statuses.add(response.statusCode());
            if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                return false;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(sumSamples(mapper.readTree(response.body()))).as("a complete answer").isEqualTo(total);
            return first.kafkaStreams().metadataForAllStreamsClients().size() == 1;
        });
        for (Map.Entry<String, Integer> category : CALLS_PER_CATEGORY.entrySet()) {
            assertThat(samples(api1, category.getKey())).as(category.getKey()).isEqualTo(category.getValue().longValue());
        }
        assertThat(statuses).isNotEmpty();
    }

    private static List<String> queriedCategories() {
        List<String> categories = new ArrayList<>(List.of("*", "code", "code/backend", "writing", "support"));
        categories.addAll(CATEGORIES);
        return categories;
    }

    private long samples(String api, String category) throws IOException, InterruptedException {
        HttpResponse<String> response = send(api + "/api/v1/rankings?window=1h&tenant=" + TENANT + "&category="
                + URLEncoder.encode(category, StandardCharsets.UTF_8));
        return response.statusCode() == 200 ? sumSamples(mapper.readTree(response.body())) : -1;
    }

    private static long sumSamples(JsonNode rankings) {
        long sum = 0;
        for (JsonNode model : rankings.get("models")) {
            sum += model.get("samples").asLong();
        }
        return sum;
    }

    private static JsonNode withoutAsOf(JsonNode answer) {
        ((ObjectNode) answer).remove("asOf");
        return answer;
    }

    /** Without the span's ends: each instance dates an answer with its own clock. */
    private static JsonNode withoutTimes(JsonNode answer) {
        ((ObjectNode) answer).remove(List.of("fromMs", "toMs", "from", "to"));
        return answer;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(url);
        assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + ADMIN_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
