package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelperf.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} of a running server: Kafka Streams, JVM, per-route request timings and
 * ModelPerf's own meters are there; and every metric the Grafana dashboard and the Prometheus
 * alert rules in {@code deploy/} name is one the server exports, so a typo in either fails here.
 */
class MetricsIT {

    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static String api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start();
        process = TestServers.start(stack, TestServers.settings(stack, "metrics-it-" + UUID.randomUUID(), dir));
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
    void theScrapeHoldsStreamsJvmRequestAndModelPerfMetrics() throws Exception {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events/calls"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"acme/m1\",\"provider\":\"acme\",\"category\":\"code\","
                        + "\"latencyMs\":120,\"status\":\"OK\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/health").contains("acme/m1"));
        get("/api/v1/models/acme%2Fm1/metrics");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("modelperf.calls.v1", "default|acme/m1", null)).get();
        }
        Pattern tombstones = Pattern.compile("kafka_stream_modelperf_dlq_records_total\\{[^}]*reason=\"tombstone\"[^}]*source=\"calls\"[^}]*} 1\\.0");
        await().atMost(Duration.ofSeconds(30)).until(() -> tombstones.matcher(get("/metrics")).find());

        String scrape = get("/metrics");
        Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);

        assertThat(scrape).contains("modelperf_streams_running 1.0")
                .contains("modelperf_models_blacklisted{tenant=\"default\"} 0.0")
                .containsPattern("modelperf_rankings_snapshot_age_seconds [0-9.]+")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/models/{model}/metrics\",status=\"200\"} 1")
                .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/events/calls\",status=\"202\"} 1")
                .contains("jvm_memory_used_bytes")
                .contains("kafka_stream_alive_stream_threads")
                .contains("kafka_consumer_fetch_manager_records_lag_max");

        Set<String> exported = new java.util.HashSet<>(names(scrape));
        // A series per firing alert: none fires here, and the gauge has no series without one.
        exported.add("modelperf_alerts_firing");
        Path deploy = Path.of("..", "deploy");
        for (Path file : new Path[] {deploy.resolve("grafana/dashboards/modelperf.json"), deploy.resolve("prometheus/alerts.yml")}) {
            Set<String> named = DeployFilesTest.metricNames(Files.readString(file));
            assertThat(named).as("metrics named in " + file).isNotEmpty();
            assertThat(exported).as("metrics exported, against those named in " + file).containsAll(named);
        }
    }

    /** The metric names of a scrape, with the suffixes Prometheus queries use (_count, _sum, _bucket, _max). */
    private static Set<String> names(String scrape) {
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
