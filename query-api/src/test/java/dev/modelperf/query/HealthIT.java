package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blacklist on the real local broker: three failures through the client blacklist a model in
 * {@code /api/v1/health}; the state survives a restart on the same state directory and a restart
 * on an empty one (restored from the changelog), which the next failure proves by counting on.
 */
class HealthIT {

    private static final String TENANT = "health-it";
    private static final String FLAKY = "acme/flaky-coder:32b";

    @TempDir
    static Path stateDirs;

    private static LocalStack stack;
    private static ModelPerfClient client;
    private final String applicationId = "health-it-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private ModelPerfProcess process;
    private String api;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start();
        client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers()).registryUrl(stack.registryUrl())
                .tenant(TENANT).build();
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void stopProcess() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void startProcess(String stateDir) throws InterruptedException {
        // The previous instance does not leave the group on close (Kafka Streams' default), so its
        // partitions move once its session times out: the broker's minimum keeps restarts quick.
        process = TestServers.start(stack, TestServers.settings(stack, applicationId, stateDirs.resolve(stateDir),
                "kafka.session.timeout.ms", "6000"));
        api = TestServers.api(process);
    }

    private void restart(String stateDir) throws InterruptedException {
        process.close();
        process = null;
        startProcess(stateDir);
    }

    @Test
    void aBlacklistSurvivesRestartsWithItsStateDirectoryAndWithoutIt() throws Exception {
        startProcess("first");
        record("openai/gpt-4o", CallStatus.OK);
        record("anthropic/claude-haiku-4", CallStatus.OK);
        // Both peers must be visible to the safety valve before the flaky model may be blacklisted.
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/health?tenant=" + TENANT).get("models").size() == 2);

        record(FLAKY, CallStatus.SERVER_ERROR);
        record(FLAKY, CallStatus.TIMEOUT);
        Instant third = record(FLAKY, CallStatus.RATE_LIMITED);
        JsonNode blacklisted = awaitHealth(h -> h.get("status").asText().equals("BLACKLISTED"));
        assertThat(blacklisted.get("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(blacklisted.get("ejectionCount").asInt()).isEqualTo(1);
        assertThat(Instant.parse(blacklisted.get("blacklistedSince").asText())).isEqualTo(third);
        assertThat(Instant.parse(blacklisted.get("blacklistedUntil").asText())).isEqualTo(third.plus(Duration.ofHours(1)));
        assertThat(blacklisted.get("lastError").asText()).isEqualTo("RATE_LIMITED rate_limited: it failed");
        JsonNode onlyBlacklisted = get("/api/v1/health?tenant=" + TENANT + "&status=blacklisted");
        assertThat(onlyBlacklisted.get("status").asText()).isEqualTo("BLACKLISTED");
        assertThat(onlyBlacklisted.get("models")).extracting(m -> m.get("model").asText()).containsExactly(FLAKY);
        assertThat(firingAlerts()).singleElement().satisfies(alert -> {
            assertThat(alert.getModel()).isEqualTo(FLAKY);
            assertThat(alert.getRule()).isEqualTo("model-blacklisted");
            assertThat(alert.getSummary()).contains("BLACKLISTED until");
        });

        restart("first");
        assertThat(health().get("status").asText()).as("still blacklisted after a restart on the same state").isEqualTo("BLACKLISTED");
        Instant fourth = record(FLAKY, CallStatus.SERVER_ERROR);
        JsonNode extended = awaitHealth(h -> h.get("consecutiveFailures").asInt() == 4);
        assertThat(extended.get("ejectionCount").asInt()).isEqualTo(2);
        assertThat(Instant.parse(extended.get("blacklistedUntil").asText())).isEqualTo(fourth.plus(Duration.ofHours(2)));

        restart("empty");
        assertThat(health().get("status").asText()).as("still blacklisted after a restart from the changelog").isEqualTo("BLACKLISTED");
        Instant fifth = record(FLAKY, CallStatus.SERVER_ERROR);
        JsonNode restored = awaitHealth(h -> h.get("consecutiveFailures").asInt() == 5);
        assertThat(restored.get("status").asText()).isEqualTo("BLACKLISTED");
        assertThat(restored.get("ejectionCount").asInt()).isEqualTo(3);
        assertThat(Instant.parse(restored.get("blacklistedSince").asText())).isEqualTo(third);
        assertThat(Instant.parse(restored.get("blacklistedUntil").asText())).isEqualTo(fifth.plus(Duration.ofHours(4)));
    }

    @Test
    void unknownModelsAre404AndBadParameters400() throws Exception {
        startProcess("errors");
        HttpResponse<String> unknown = send("/api/v1/health/" + encode("nobody/none:1b") + "?tenant=" + TENANT);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(unknown.body())).isEqualTo(mapper.readTree("{\"status\":404,\"error\":\"not_found\","
                + "\"parameter\":\"model\",\"message\":\"No health recorded for model 'nobody/none:1b' of tenant 'health-it': "
                + "it has had no call yet\"}"));
        HttpResponse<String> status = send("/api/v1/health?status=SICK");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(status.body()).get("message").asText())
                .isEqualTo("status must be one of HEALTHY, DEGRADED, BLACKLISTED");
        HttpResponse<String> tenant = send("/api/v1/health/x?tenant=No%20Such");
        assertThat(tenant.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(tenant.body()).get("parameter").asText()).isEqualTo("tenant");
    }

    /** Records one call of {@code model} now and waits for the broker's acknowledgement; returns its time. */
    private static Instant record(String model, CallStatus status) {
        Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
        ModelCall.Builder call = ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setModel(model)
                .setProvider("test")
                .setCategory("code/backend/api")
                .setLatencyMs(300)
                .setInputTokens(10)
                .setOutputTokens(5)
                .setStatus(status);
        if (status != CallStatus.OK) {
            call.setErrorType(status.name().toLowerCase(Locale.ROOT)).setErrorMessage("it failed");
        }
        client.record(call.build()).join();
        return at;
    }

    private JsonNode awaitHealth(Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(this::healthOrNull, health -> health != null && condition.test(health));
    }

    private JsonNode healthOrNull() throws IOException, InterruptedException {
        HttpResponse<String> response = send("/api/v1/health/" + encode(FLAKY) + "?tenant=" + TENANT);
        return response.statusCode() == 200 ? mapper.readTree(response.body()) : null;
    }

    private JsonNode health() throws IOException, InterruptedException {
        return get("/api/v1/health/" + encode(FLAKY) + "?tenant=" + TENANT);
    }

    private List<Alert> firingAlerts() {
        List<Alert> alerts = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "health-it-alerts-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new RegistryAvroDeserializer<>(new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())),
                        Alert.getClassSchema()))) {
            consumer.subscribe(List.of("modelperf.alerts.v1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getTenant().equals(TENANT) && r.value().getState() == AlertState.FIRING) {
                        alerts.add(r.value());
                    }
                });
                return !alerts.isEmpty();
            });
        }
        return alerts;
    }

    private static String encode(String model) {
        return URLEncoder.encode(model, StandardCharsets.UTF_8);
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
