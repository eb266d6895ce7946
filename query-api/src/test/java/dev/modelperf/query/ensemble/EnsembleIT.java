package dev.modelperf.query.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import java.net.ServerSocket;
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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comparisons recorded with the producer client, through two instances of the real process on the
 * real local broker (validation, deduplication, the fan-out to category levels, the repartition
 * and the fold), come back as advice from {@code GET /api/v1/ensemble}, the same from either
 * instance: each level is answered by its owner and relayed by the other.
 */
class EnsembleIT {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void recordedComparisonsComeBackAsAdvice() throws Exception {
        String applicationId = "ensemble-it-" + UUID.randomUUID();
        try (LocalStack stack = LocalStack.start();
             ModelPerfProcess first = instance(stack, applicationId, "a");
             ModelPerfProcess second = instance(stack, applicationId, "b")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.kafkaStreams().metadataForAllStreamsClients().size() == 2
                    && first.state() == KafkaStreams.State.RUNNING && second.state() == KafkaStreams.State.RUNNING);
            String api = TestServers.api(first);
            String other = TestServers.api(second);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            Instant start = Instant.now().minusSeconds(120);
            try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                    .registryUrl(stack.registryUrl()).tenant("it").build()) {
                for (int i = 0; i < 60; i++) {
                    Comparison comparison = comparison("cmp-" + i, start.plusSeconds(i));
                    sends.add(client.recordComparison(comparison));
                    if (i % 10 == 0) {
                        // A producer's retry: the same comparison again, to be counted once.
                        sends.add(client.recordComparison(comparison("cmp-" + i, start.plusSeconds(i))));
                    }
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            }

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> response = get(api + "/api/v1/ensemble?tenant=it&category=code&window=7d");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(mapper.readTree(response.body()).get("comparisons").asLong()).isEqualTo(60);
            });
            JsonNode advice = mapper.readTree(get(api + "/api/v1/ensemble?tenant=it&category=code&window=7d").body());
            assertThat(advice.get("recommendedSize").asInt()).isEqualTo(1);
            assertThat(advice.get("models").get(0).asText()).isEqualTo("strong");
            assertThat(advice.get("fullPanelSize").asInt()).isEqualTo(3);
            assertThat(advice.get("sizes").get(0).get("agreed").asLong()).isEqualTo(59);
            JsonNode all = mapper.readTree(get(api + "/api/v1/ensemble?tenant=it&window=7d").body());
            assertThat(all.get("category").asText()).isEqualTo("*");
            assertThat(all.get("comparisons").asLong()).as("the roll-up to *").isEqualTo(60);
            for (String level : List.of("code/backend", "code", "*")) {
                String query = "/api/v1/ensemble?tenant=it&window=7d&category=" + level;
                assertThat(mapper.readTree(get(other + query).body())).as(level).isEqualTo(mapper.readTree(get(api + query).body()));
            }
            HttpResponse<String> bad = get(api + "/api/v1/ensemble?tenant=it&window=1h");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(mapper.readTree(bad.body()).get("parameter").asText()).isEqualTo("window");
        }
    }

    private ModelPerfProcess instance(LocalStack stack, String applicationId, String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return TestServers.start(stack, TestServers.settings(stack, applicationId, stateDir.resolve(name),
                "kafka.application.server", "127.0.0.1:" + port, "http.port", String.valueOf(port), "topic.partitions", "4"));
    }

    /** {@code strong} wins every time; {@code cheap-a} ranks first by name before any history. */
    private static Comparison comparison(String id, Instant at) {
        return Comparison.newBuilder().setEventId(id).setTimestamp(at).setCategory("code/backend").setEntries(List.of(
                        entry("cheap-a", 0.4, 0.001), entry("strong", 0.92, 0.004), entry("cheap-b", 0.35, 0.001)))
                .setWinner("strong").build();
    }

    private static ComparisonEntry entry(String model, double score, double cost) {
        return ComparisonEntry.newBuilder().setModel(model).setScore(score).setCostUsd(cost).setLatencyMs(500L).build();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
