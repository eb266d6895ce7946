package dev.modelperf.toolbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * How long a router waits to see a failing model blacklisted: on the local stack, for each of N
 * fresh models, sends two failures (acknowledged), then the third, and polls
 * {@code GET /api/v1/health/{model}} until it answers BLACKLISTED. The clock starts just before the
 * third {@code record} call, so the figure covers producing, processing, the transactional commit of
 * the health record, the global store catching up, and the HTTP answer.
 */
public final class HealthLatencyBenchmark {

    private static final String TENANT = "bench";
    private static final Duration PER_MODEL_TIMEOUT = Duration.ofSeconds(30);
    /** Between polls of the API: short against the figures measured, long enough not to starve the broker of CPU. */
    private static final long POLL_MS = 2;

    /** The figures of one run, in milliseconds, sorted. */
    public record Result(int partitions, String streamsTimings, List<Double> blacklisted, List<Double> acknowledged) {

        public static double percentile(List<Double> sorted, double quantile) {
            int rank = (int) Math.ceil(quantile * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    private final int models;
    private final int warmup;
    private final int partitions;
    private final Map<String, String> overrides;

    /** {@code overrides}: further settings, e.g. {@code kafka.commit.interval.ms}. */
    public HealthLatencyBenchmark(int models, int warmup, int partitions, Map<String, String> overrides) {
        this.models = models;
        this.warmup = warmup;
        this.partitions = partitions;
        this.overrides = Map.copyOf(overrides);
    }

    public Result run(Path stateDir) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            Map<String, String> values = new HashMap<>(overrides);
            values.put("kafka.bootstrap.servers", stack.bootstrapServers());
            values.put("kafka.application.id", "modelperf-bench-health");
            values.put("registry.url", stack.registryUrl());
            values.put("state.dir", stateDir.toString());
            values.put("topic.partitions", String.valueOf(partitions));
            values.put("http.host", "127.0.0.1");
            values.put("http.port", "0");
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(values);
            try (ModelPerfProcess process = ModelPerfProcess.start(settings,
                    new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
                 ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                         .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
                if (!process.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("Streams app not RUNNING after 60 s (" + process.state() + ")");
                }
                Api api = new Api("http://127.0.0.1:" + process.httpPort());
                addHealthyPeers(client, api, warmup + models);
                List<Double> blacklisted = new ArrayList<>();
                List<Double> acknowledged = new ArrayList<>();
                for (int i = 0; i < warmup + models; i++) {
                    String model = "bench/failing-" + i + ":v1";
                    client.record(failure(model)).join();
                    client.record(failure(model)).join();
                    long started = System.nanoTime();
                    CompletableFuture<Long> acked = client.record(failure(model)).thenApply(metadata -> System.nanoTime());
                    api.awaitBlacklisted(model, started + PER_MODEL_TIMEOUT.toNanos());
                    long seen = System.nanoTime();
                    long ackedAt = acked.join();
                    if (i >= warmup) {
                        blacklisted.add((seen - started) / 1e6);
                        acknowledged.add((ackedAt - started) / 1e6);
                    }
                }
                blacklisted.sort(null);
                acknowledged.sort(null);
                // Both default to 100 ms under exactly_once_v2; together they bound how soon a processed record is committed.
                String timings = "commit.interval.ms " + settings.streams().kafka().getOrDefault("commit.interval.ms", "100")
                        + ", poll.ms " + settings.streams().kafka().getOrDefault("poll.ms", "100");
                return new Result(partitions, timings, blacklisted, acknowledged);
            }
        }
    }

    /**
     * The safety valve blacklists at most half a tenant's active models: one healthy model per
     * failing one keeps every failing model blacklistable, as in a tenant with a few bad models.
     */
    private static void addHealthyPeers(ModelPerfClient client, Api api, int count) throws Exception {
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(client.record(call("bench/healthy-" + i + ":v1", CallStatus.OK)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (api.modelCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The " + count + " healthy models did not all show in /api/v1/health within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static ModelCall failure(String model) {
        return call(model, CallStatus.SERVER_ERROR);
    }

    private static ModelCall call(String model, CallStatus status) {
        return ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.now())
                .setModel(model)
                .setProvider("bench")
                .setCategory("code/backend/api")
                .setLatencyMs(500)
                .setInputTokens(100)
                .setOutputTokens(status == CallStatus.OK ? 50 : 0)
                .setStatus(status)
                .setErrorMessage(status == CallStatus.OK ? null : "HTTP 500")
                .build();
    }

    /** The two reads the benchmark makes of the query API. */
    private static final class Api {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ObjectMapper mapper = new ObjectMapper();
        private final String baseUrl;

        Api(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        int modelCount() throws IOException, InterruptedException {
            HttpResponse<String> response = get("/api/v1/health?tenant=" + TENANT);
            return response.statusCode() != 200 ? 0 : mapper.readTree(response.body()).get("models").size();
        }

        void awaitBlacklisted(String model, long deadlineNanos) throws IOException, InterruptedException {
            String path = "/api/v1/health/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "?tenant=" + TENANT;
            while (true) {
                HttpResponse<String> response = get(path);
                if (response.statusCode() == 200 && mapper.readTree(response.body()).get("status").asText().equals("BLACKLISTED")) {
                    return;
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException(model + " not BLACKLISTED within " + PER_MODEL_TIMEOUT + ": "
                            + response.statusCode() + " " + response.body());
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            }
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
