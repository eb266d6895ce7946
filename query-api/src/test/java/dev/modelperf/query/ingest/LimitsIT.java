package dev.modelperf.query.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.validate.DlqHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-tenant limits in the real process on the real local broker, two models and three
 * category levels a tenant: HTTP ingest answers 422 naming the limit and the field for calls past
 * them, the stream sends such calls from other producers to the DLQ, known names keep being
 * accepted, and all of it holds after a restart on an empty state directory (the tenant's names
 * restored from their changelog).
 */
class LimitsIT {

    private static final String TENANT = "limits-it";
    private static final String MODELS_FULL = "limit reached: tenant 'limits-it' already has 2 models, the most "
            + "limits.models.per.tenant (2) allows; model 'm3' would be one more";

    @TempDir
    Path stateDirs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void callsPastATenantsLimitsAreRefusedAtIngestAndInTheStreamBeforeAndAfterARestart() throws Exception {
        String applicationId = "limits-it-" + UUID.randomUUID();
        try (LocalStack stack = LocalStack.start()) {
            ModelPerfProcess process = start(stack, applicationId, "first");
            try {
                String api = TestServers.api(process);
                assertThat(post(api, call("m1", "code/backend"), call("m2", "code/backend")).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> samples(api) == 2);

                HttpResponse<String> refused = post(api, call("m1", "code/backend"), call("m3", "code"), call("m1", "writing/a/b"));
                assertThat(refused.statusCode()).isEqualTo(422);
                assertThat(mapper.readTree(refused.body())).isEqualTo(mapper.readTree("""
                        {"status":422,"error":"limit_reached","accepted":0,"errors":[
                          {"index":1,"field":"model","message":"%s"},
                          {"index":2,"field":"category","message":"limit reached: tenant 'limits-it' already has 2 category levels, the most limits.categories.per.tenant (3) allows; category 'writing/a/b' would add 3 [writing/a/b, writing/a, writing]"}]}"""
                        .formatted(MODELS_FULL)));
                assertThat(post(api, call("m2", "code")).statusCode()).as("known model, known level").isEqualTo(202);

                // A producer that does not ask the server: the stream is the authority.
                try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                        .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
                    client.record(ModelCall.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.now())
                            .setTenant(TENANT).setModel("m3").setProvider("p").setCategory("code").setLatencyMs(100)
                            .setStatus(CallStatus.OK).build()).get(30, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(dlqReasons(stack)).containsExactly(MODELS_FULL));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> samples(api) == 3);

                process.close();
                process = start(stack, applicationId, "empty");
                String restarted = TestServers.api(process);
                HttpResponse<String> stillRefused = post(restarted, call("m3", "code"));
                assertThat(stillRefused.statusCode()).isEqualTo(422);
                assertThat(mapper.readTree(stillRefused.body()).at("/errors/0/message").asText()).isEqualTo(MODELS_FULL);
                assertThat(post(restarted, call("m1", "code/backend")).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> samples(restarted) == 4);
                assertThat(dlqReasons(stack)).containsExactly(MODELS_FULL);
            } finally {
                process.close();
            }
        }
    }

    private ModelPerfProcess start(LocalStack stack, String applicationId, String stateDir) throws InterruptedException {
        // The previous instance does not leave the group on close, so its partitions move once its session times out.
        return TestServers.start(stack, TestServers.settings(stack, applicationId, stateDirs.resolve(stateDir),
                "kafka.session.timeout.ms", "6000", "limits.models.per.tenant", "2", "limits.categories.per.tenant", "3"));
    }

    private static Map<String, Object> call(String model, String category) {
        return Map.of("tenant", TENANT, "eventId", UUID.randomUUID().toString(), "timestamp", Instant.now().toEpochMilli(),
                "model", model, "provider", "p", "category", category, "latencyMs", 100, "status", "OK");
    }

    @SafeVarargs
    private HttpResponse<String> post(String api, Map<String, Object>... calls) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events/calls")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(List.of(calls)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Calls counted for the tenant over every category, from the rankings of {@code *}. */
    private int samples(String api) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(api + "/api/v1/rankings?tenant=" + TENANT + "&window=1h")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        int samples = 0;
        for (JsonNode model : mapper.readTree(response.body()).get("models")) {
            samples += model.get("samples").asInt();
        }
        return samples;
    }

    private static List<String> dlqReasons(LocalStack stack) {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            String dlq = Topics.DEFAULT.dlq();
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reasons.add(new String(record.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
