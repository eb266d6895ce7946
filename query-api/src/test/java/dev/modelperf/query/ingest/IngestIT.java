package dev.modelperf.query.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * HTTP ingest in the real process on the real local broker: a 202 means the events are on their
 * topics, and ingested calls come back through the topology in the rankings.
 */
class IngestIT {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void acceptedEventsAreOnTheTopicsAndInTheRankings() throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            try (ModelPerfProcess process = TestServers.start(stack,
                    TestServers.settings(stack, "ingest-it-" + UUID.randomUUID(), stateDir))) {
                String api = TestServers.api(process);
                long now = Instant.now().toEpochMilli();
                List<String> callIds = new ArrayList<>();
                List<String> batches = new ArrayList<>();
                for (int batch = 0; batch < 3; batch++) {
                    List<Map<String, Object>> calls = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        Map<String, Object> call = new HashMap<>();
                        call.put("tenant", "ingest");
                        call.put("eventId", UUID.randomUUID().toString());
                        call.put("timestamp", now - 1000L * i);
                        call.put("model", i % 3 == 0 ? "llama3:70b" : "openai/gpt-4o");
                        call.put("provider", i % 3 == 0 ? "ollama" : "openai");
                        call.put("category", "writing/technical");
                        call.put("latencyMs", 250);
                        call.put("status", i % 10 == 0 ? "SERVER_ERROR" : "OK");
                        calls.add(call);
                    }
                    batches.add(mapper.writeValueAsString(calls));
                    HttpResponse<String> response = post(api + "/api/v1/events/calls", batches.get(batch));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    JsonNode body = mapper.readTree(response.body());
                    assertThat(body.get("accepted").asInt()).isEqualTo(100);
                    body.get("eventIds").forEach(id -> callIds.add(id.asText()));
                }
                HttpResponse<String> feedback = post(api + "/api/v1/events/feedback", mapper.writeValueAsString(List.of(
                        Map.of("tenant", "ingest", "callEventId", callIds.get(0), "rating", 1),
                        Map.of("tenant", "ingest", "callEventId", callIds.get(1), "rating", -1, "source", "JUDGE", "overall", 2))));
                assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(202);
                HttpResponse<String> invalid = post(api + "/api/v1/events/calls",
                        "{\"model\":\"m\",\"provider\":\"p\",\"category\":\"x\",\"latencyMs\":-5,\"status\":\"OK\"}");
                assertThat(invalid.statusCode()).isEqualTo(400);
                assertThat(mapper.readTree(invalid.body())).isEqualTo(mapper.readTree("""
                        {"status":400,"error":"invalid_events","accepted":0,"errors":[
                          {"index":0,"field":"latencyMs","message":"must be between 0 and 3600000 (was -5)"}]}"""));

                // A client retrying after a lost answer posts the same batch again: the events carry their ids, so they count once.
                assertThat(post(api + "/api/v1/events/calls", batches.get(0)).statusCode()).isEqualTo(202);

                // A 202 is only sent after the acknowledgements: the records are already there.
                assertThat(recordsOn(stack, Topics.DEFAULT.calls())).isEqualTo(400);
                assertThat(recordsOn(stack, Topics.DEFAULT.feedback())).isEqualTo(2);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode rankings = mapper.readTree(get(api + "/api/v1/rankings?tenant=ingest&window=1h").body());
                    Map<String, Integer> counts = new HashMap<>();
                    rankings.get("models").forEach(m -> counts.put(m.get("model").asText(), m.get("samples").asInt()));
                    assertThat(counts).isEqualTo(Map.of("llama3:70b", 102, "openai/gpt-4o", 198));
                });
            }
        }
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
