package dev.modelperf.toolbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.routing.Decision;
import dev.modelperf.client.routing.ModelRouter;
import dev.modelperf.client.routing.RouteOptions;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.routing.DecisionMode;
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
 * fresh models, sends two failures (acknowledged), then the third, and polls both
 * {@code GET /api/v1/health/{model}} until it answers BLACKLISTED and an in-process
 * {@link ModelRouter} until {@code choose()} leaves the model out. The clock starts just before the
 * third {@code record} call, so the figures cover producing, processing, the transactional commit
 * of the health record, then the global store catching up and the HTTP answer, or the router's
 * consumer reading the health topic. Every failing model's first failure is sent before the
 * measured ones, so that each is one of the router's candidates (its figures published) before
 * its third.
 */
public final class HealthLatencyBenchmark {

    private static final String TENANT = "bench";
    private static final Duration PER_MODEL_TIMEOUT = Duration.ofSeconds(30);
    /** Between polls of the API: short against the figures measured, long enough not to starve the broker of CPU. */
    private static final long POLL_MS = 2;
    private static final String CATEGORY = "code/backend/api";
    /** Every candidate in the order of the means: what is left out is what the router would never call. */
    private static final RouteOptions BEST = RouteOptions.defaults().mode(DecisionMode.BEST);

    /** The figures of one run, in milliseconds, sorted. */
    public record Result(int partitions, String streamsTimings, List<Double> blacklisted, List<Double> leftOutByRouter,
                         List<Double> acknowledged) {

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
                         .registryUrl(stack.registryUrl()).tenant(TENANT).build();
                 ModelRouter router = ModelRouter.builder().client(client).bootstrapServers(stack.bootstrapServers())
                         .registryUrl(stack.registryUrl()).build()) {
                if (!process.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("Streams app not RUNNING after 60 s (" + process.state() + ")");
                }
                Api api = new Api("http://127.0.0.1:" + process.httpPort());
                addHealthyPeers(client, api, warmup + models);
                List<String> failing = new ArrayList<>();
                for (int i = 0; i < warmup + models; i++) {
                    failing.add("bench/failing-" + i + ":v1");
                    client.record(failure(failing.get(i))).join();
                }
                awaitCandidates(router, failing);
                List<Double> blacklisted = new ArrayList<>();
                List<Double> leftOut = new ArrayList<>();
                List<Double> acknowledged = new ArrayList<>();
                for (int i = 0; i < failing.size(); i++) {
                    String model = failing.get(i);
                    client.record(failure(model)).join();
                    long started = System.nanoTime();
                    CompletableFuture<Long> acked = client.record(failure(model)).thenApply(metadata -> System.nanoTime());
                    long[] seen = awaitBlacklisted(api, router, model, started + PER_MODEL_TIMEOUT.toNanos());
                    long ackedAt = acked.join();
                    if (i >= warmup) {
                        blacklisted.add((seen[0] - started) / 1e6);
                        leftOut.add((seen[1] - started) / 1e6);
                        acknowledged.add((ackedAt - started) / 1e6);
                    }
                }
                blacklisted.sort(null);
                leftOut.sort(null);
                acknowledged.sort(null);
                // Both default to 100 ms under exactly_once_v2; together they bound how soon a processed record is committed.
                String timings = "commit.interval.ms " + settings.streams().kafka().getOrDefault("commit.interval.ms", "100")
                        + ", poll.ms " + settings.streams().kafka().getOrDefault("poll.ms", "100");
                return new Result(partitions, timings, blacklisted, leftOut, acknowledged);
            }
        }
    }

    /** Waits until the router's decisions for the benchmark's category come from data and offer every one of {@code models}. */
    private static void awaitCandidates(ModelRouter router, List<String> models) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Decision decision = router.choose(CATEGORY, BEST);
            if (decision.source() == Decision.Source.DATA && decision.models().containsAll(models)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The router did not offer the " + models.size() + " failing models within 60 s ("
                        + decision.source() + ", " + decision.candidates().size() + " candidates)");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * Polls the API and the router until both leave {@code model} out: when the API answered
     * BLACKLISTED and when {@code choose()} first left it out, as {@link System#nanoTime()}.
     */
    private static long[] awaitBlacklisted(Api api, ModelRouter router, String model, long deadlineNanos)
            throws IOException, InterruptedException {
        long apiSaw = 0;
        long routerSaw = 0;
        while (apiSaw == 0 || routerSaw == 0) {
            if (routerSaw == 0 && !router.choose(CATEGORY, BEST).models().contains(model)) {
                routerSaw = System.nanoTime();
            }
            if (apiSaw == 0 && api.blacklisted(model)) {
                apiSaw = System.nanoTime();
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(model + " not left out within " + PER_MODEL_TIMEOUT + " (API "
                        + (apiSaw != 0 ? "BLACKLISTED" : "not BLACKLISTED") + ", router " + (routerSaw != 0 ? "left it out" : "offers it")
                        + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
        return new long[] {apiSaw, routerSaw};
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
                .setCategory(CATEGORY)
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

        boolean blacklisted(String model) throws IOException, InterruptedException {
            HttpResponse<String> response = get("/api/v1/health/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "?tenant=" + TENANT);
            return response.statusCode() == 200 && mapper.readTree(response.body()).get("status").asText().equals("BLACKLISTED");
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
