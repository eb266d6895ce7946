package dev.modelperf.toolbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.OverflowPolicy;
import dev.modelperf.client.routing.Decision;
import dev.modelperf.client.routing.ModelRouter;
import dev.modelperf.client.routing.RouteOptions;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Urgency;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.toolbox.load.LoadGenerator;
import dev.modelperf.toolbox.load.LoadSummary;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * What a router sees on its request path, both ways it can decide: one instance on the local
 * stack, filled with synthetic traffic (which keeps flowing at a steady rate, so the view and the
 * published decision figures keep refreshing), then, at each fixed rate in turn, asked over HTTP
 * for recommendations (70 %) and rankings (30 %) of random categories, priorities and urgencies,
 * and then asked the same decisions in-process by a {@link ModelRouter} reading the decisions
 * topic ({@code choose()}, {@code mode=sample}, on one caller thread). The rate is open-loop: each
 * request's latency runs from the time it was due, not from when it was sent, so a stall delays
 * the requests behind it and shows in the figures instead of hiding (coordinated omission).
 */
public final class RouterLoadBenchmark {

    private static final String TENANT = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Requests in flight at most, as a router's connection pool bounds them. */
    private static final int CONNECTIONS = 64;

    /** One rate's figures on both paths. */
    public record RateResult(int rate, Result http, Result inProcess) {
    }

    /**
     * Latencies in microseconds from when each request was due, sorted; in-process, also the time
     * of the {@code choose()} call alone, in nanoseconds, sorted (null over HTTP); requests that did
     * not answer 200 (HTTP) or not from data (in-process).
     */
    public record Result(long[] latenciesMicros, long[] callNanos, long failures, double achievedRate) {

        public double percentileMs(double quantile) {
            return percentile(latenciesMicros, quantile) / 1000.0;
        }

        /** The {@code choose()} call alone, in microseconds. */
        public double callPercentileMicros(double quantile) {
            return percentile(callNanos, quantile) / 1000.0;
        }

        private static long percentile(long[] sorted, double quantile) {
            int rank = (int) Math.ceil(quantile * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        public double maxMs() {
            return latenciesMicros[latenciesMicros.length - 1] / 1000.0;
        }
    }

    private final List<Integer> rates;
    private final Duration duration;
    private final Duration warmup;
    private final long backfill;
    private final int ingestRate;

    public RouterLoadBenchmark(List<Integer> rates, Duration duration, Duration warmup, long backfill, int ingestRate) {
        this.rates = List.copyOf(rates);
        this.duration = duration;
        this.warmup = warmup;
        this.backfill = backfill;
        this.ingestRate = ingestRate;
    }

    public List<RateResult> run(Path stateDir) throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                    "kafka.bootstrap.servers", stack.bootstrapServers(),
                    "kafka.application.id", "modelperf-bench-router",
                    "registry.url", stack.registryUrl(),
                    "state.dir", stateDir.toString(),
                    "topic.partitions", "3",
                    "http.host", "127.0.0.1",
                    "http.port", "0"));
            try (ModelPerfProcess process = ModelPerfProcess.start(settings,
                    new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
                 ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                         .registryUrl(stack.registryUrl()).tenant(TENANT)
                         // The backfill is sent as fast as the client takes it: wait for room rather than drop.
                         .overflowPolicy(OverflowPolicy.BLOCK).maxBlock(Duration.ofMinutes(1)).build();
                 ModelRouter router = ModelRouter.builder().client(client).bootstrapServers(stack.bootstrapServers())
                         .registryUrl(stack.registryUrl()).build()) {
                if (!process.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("Streams app not RUNNING after 60 s (" + process.state() + ")");
                }
                SyntheticTraffic traffic = new SyntheticTraffic(7);
                LoadGenerator load = new LoadGenerator(client, traffic, Clock.systemUTC());
                LoadSummary summary = load.run(new LoadGenerator.Plan(backfill, 0, Duration.ofHours(1)),
                        (done, planned, r, elapsed) -> { }, () -> false);
                if (summary.failed() > 0) {
                    throw new IllegalStateException(summary.failed() + " backfill events were not delivered");
                }
                long sent = summary.calls();
                String api = "http://127.0.0.1:" + process.httpPort();
                HttpClient http = new HttpClient();
                http.setMaxConnectionsPerDestination(CONNECTIONS);
                http.start();
                try {
                    awaitBackfill(http, api, sent);
                    awaitRouter(router);
                    return measure(http, api, router, load);
                } finally {
                    http.stop();
                }
            }
        }
    }

    /** Per rate and path, warm-up then the measured span, while calls keep flowing so the view keeps refreshing. */
    private List<RateResult> measure(HttpClient http, String api, ModelRouter router, LoadGenerator load) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread ingest = new Thread(() -> load.run(new LoadGenerator.Plan(Long.MAX_VALUE, ingestRate, Duration.ZERO),
                (done, planned, r, elapsed) -> { }, stop::get), "bench-ingest");
        ingest.start();
        try {
            List<RateResult> results = new ArrayList<>();
            for (int rate : rates) {
                fire(http, api, rate, warmup, new SplittableRandom(1));
                Result overHttp = fire(http, api, rate, duration, new SplittableRandom(2));
                choose(router, rate, warmup, new SplittableRandom(1));
                results.add(new RateResult(rate, overHttp, choose(router, rate, duration, new SplittableRandom(2))));
            }
            return results;
        } finally {
            stop.set(true);
            ingest.join();
        }
    }

    private static void awaitBackfill(HttpClient http, String api, long sent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String rankings = api + "/api/v1/rankings?window=24h&category=%2A&tenant=" + TENANT;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            ContentResponse response = http.GET(rankings);
            seen = response.getStatus() == 200 ? samples(response.getContentAsString()) : -1;
            if (seen >= sent) {
                return;
            }
            // Waiting for the streams app to take in the backfill; the benchmark has not started.
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("The backfill of " + sent + " calls did not show in /api/v1/rankings within 120 s (last seen: "
                + seen + ")");
    }

    /** Waits until the router decides from the published figures. */
    private static void awaitRouter(ModelRouter router) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (router.choose(CategoryPath.ROOT, RouteOptions.defaults()).source() != Decision.Source.DATA) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The router did not decide from the decisions topic within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static long samples(String rankings) throws IOException {
        long sum = 0;
        for (JsonNode model : JSON.readTree(rankings).path("models")) {
            sum += model.path("samples").asLong();
        }
        return sum;
    }

    private Result fire(HttpClient http, String api, int perSecond, Duration span, SplittableRandom random) throws Exception {
        List<String> categories = categories();
        int total = (int) (perSecond * span.toMillis() / 1000);
        long[] latencies = new long[total];
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        Semaphore connections = new Semaphore(CONNECTIONS);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            URI uri = URI.create(api + path(random, categories));
            int index = i;
            // Waiting for a free connection delays this request and counts in its latency, as for a router.
            connections.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            http.newRequest(uri).send(result -> {
                latencies[index] = (System.nanoTime() - due) / 1000;
                connections.release();
                if (result.isFailed() || result.getResponse().getStatus() != 200) {
                    failures.incrementAndGet();
                }
                done.complete(null);
            });
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(latencies, null, failures.get(), total / seconds);
    }

    /** The same decisions in-process, open-loop on one caller thread: a slow call delays the ones due after it. */
    private static Result choose(ModelRouter router, int perSecond, Duration span, SplittableRandom random) throws Exception {
        List<String> categories = categories();
        int total = (int) (perSecond * span.toMillis() / 1000);
        long[] latencies = new long[total];
        long[] calls = new long[total];
        long failures = 0;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String category = categories.get(random.nextInt(categories.size()));
            RouteOptions options = RouteOptions.defaults().priority(Priority.values()[random.nextInt(Priority.values().length)])
                    .urgency(Urgency.values()[random.nextInt(Urgency.values().length)]);
            long called = System.nanoTime();
            Decision decision = router.choose(category, options);
            long answered = System.nanoTime();
            if (decision.source() != Decision.Source.DATA) {
                failures++;
            }
            latencies[i] = (answered - due) / 1000;
            calls[i] = answered - called;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        Arrays.sort(calls);
        return new Result(latencies, calls, failures, total / seconds);
    }

    /** Every level of the synthetic categories, {@code *} included. */
    private static List<String> categories() {
        List<String> categories = new ArrayList<>(List.of(CategoryPath.ROOT));
        for (String category : SyntheticTraffic.CATEGORIES) {
            categories.addAll(CategoryPath.levels(category).stream().filter(level -> !categories.contains(level)).toList());
        }
        return categories;
    }

    private static String path(SplittableRandom random, List<String> categories) {
        String category = categories.get(random.nextInt(categories.size()));
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        Urgency urgency = Urgency.values()[random.nextInt(Urgency.values().length)];
        String endpoint = random.nextInt(10) < 7 ? "/api/v1/recommendation" : "/api/v1/rankings";
        return endpoint + "?tenant=" + TENANT + "&window=24h&category=" + category.replace("*", "%2A")
                + "&priority=" + priority.label() + "&urgency=" + urgency.label();
    }
}
