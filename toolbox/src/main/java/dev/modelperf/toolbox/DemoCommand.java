package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.routing.Attempt;
import dev.modelperf.client.routing.ModelRouter;
import dev.modelperf.client.routing.RouteOptions;
import dev.modelperf.client.routing.Routed;
import dev.modelperf.client.routing.RoutingFailedException;
import dev.modelperf.events.CallStatus;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.toolbox.load.CascadeLoadGenerator;
import dev.modelperf.toolbox.load.CascadeTraffic;
import dev.modelperf.toolbox.load.ComparisonLoadGenerator;
import dev.modelperf.toolbox.load.DebateTraffic;
import dev.modelperf.toolbox.load.LoadGenerator;
import dev.modelperf.toolbox.load.LoadSummary;
import dev.modelperf.toolbox.load.SyntheticModels;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import dev.modelperf.toolbox.load.TrueRatings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Everything embedded: a real local Kafka broker and registry, the streams app, the HTTP API and
 * scripted traffic (a backfill of recent calls, routing-cascade tasks and debates from known true
 * ratings, then a steady rate of calls), so that rankings and ratings show at once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run ModelPerf with an embedded Kafka broker, schema registry and scripted traffic.")
final class DemoCommand implements Callable<Integer> {

    /** The demo's debates: a few categories, so that each has enough comparisons for narrow intervals. */
    private static final List<String> DEBATE_CATEGORIES = List.of("code", "writing", "math");
    private static final int DEBATE_PANEL = 6;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port of the query API (default ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (default: run until Ctrl-C).")
    private long durationSeconds;

    @Option(names = "--backfill", defaultValue = "5000", description = "Calls spread over the last 30 minutes, sent at start (default ${DEFAULT-VALUE}).")
    private int backfill;

    @Option(names = "--rate", defaultValue = "20", description = "Calls per second after the backfill (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--routing-backfill", defaultValue = "3000",
            description = "Routing-cascade tasks spread over the last 30 minutes, sent at start (default ${DEFAULT-VALUE}).")
    private int routingBackfill;

    @Option(names = "--comparisons-backfill", defaultValue = "400",
            description = "Comparisons (debates) from known true ratings over code, writing and math, spread over the last 30 minutes, "
                    + "sent at start (default ${DEFAULT-VALUE}).")
    private int comparisonsBackfill;

    @Override
    public Integer call() throws Exception {
        System.out.println("Starting the local Kafka broker and schema registry...");
        try (ProcessLifetime lifetime = new ProcessLifetime();
             TemporaryStateDirectory stateDir = TemporaryStateDirectory.create("modelperf-demo-state");
             LocalStack stack = LocalStack.start()) {
            ModelPerfSettings settings = ModelPerfSettings.withOverrides(Map.of(
                    "kafka.bootstrap.servers", stack.bootstrapServers(),
                    "kafka.application.id", "modelperf-demo",
                    "registry.url", stack.registryUrl(),
                    "state.dir", stateDir.path().toString(),
                    "topic.partitions", "3",
                    "http.host", "127.0.0.1",
                    "http.port", String.valueOf(httpPort)));
            try (ModelPerfProcess process = ModelPerfProcess.start(settings,
                    new CachedSchemaRegistry(new HttpSchemaRegistry(settings.registryUrl())));
                 ModelPerfClient client = ModelPerfClient.builder()
                         .bootstrapServers(stack.bootstrapServers())
                         .registryUrl(stack.registryUrl())
                         .build()) {
                if (!process.awaitRunning(Duration.ofSeconds(60))) {
                    System.err.println("The streams app did not reach RUNNING within 60 s (state " + process.state() + ")");
                    return 1;
                }
                String api = "http://127.0.0.1:" + process.httpPort();
                System.out.printf("%nModelPerf demo is up (local stack started in %d ms).%n", stack.startupTime().toMillis());
                System.out.println("  Dashboard         " + api + "/");
                System.out.println("  In a terminal     ./modelperf top --url " + api);
                System.out.println("  Rankings API      " + api + "/api/v1/rankings?window=1h");
                System.out.println("  By category       " + api + "/api/v1/rankings?category=code&window=1h&priority=cost");
                System.out.println("  Recommendation    " + api + "/api/v1/recommendation?category=code/backend/api&priority=cost");
                System.out.println("  Ratings           " + api + "/api/v1/ratings?category=code&window=1d");
                System.out.println("  Ensemble advice   " + api + "/api/v1/ensemble?category=code");
                System.out.println("  Model health      " + api + "/api/v1/health");
                System.out.println("  Blacklisted       " + api + "/api/v1/health?status=BLACKLISTED");
                System.out.println("  Firing alerts     " + api + "/api/v1/alerts?state=firing");
                System.out.println("  Alerts as a tail  ./modelperf alerts --from-beginning --bootstrap-servers " + stack.bootstrapServers()
                        + " --registry " + stack.registryUrl());
                System.out.println("  Readiness         " + api + "/readyz");
                System.out.println("  Schema registry   " + stack.registryUrl() + "/subjects");
                System.out.println("  Kafka bootstrap   " + stack.bootstrapServers());
                System.out.printf("  Failing on purpose: %s%n%n", SyntheticTraffic.FAILING_MODEL);

                SyntheticTraffic traffic = new SyntheticTraffic(42);
                LoadSummary sent = sendBackfill(client, traffic);
                sendRoutingBackfill(stack, settings);
                ComparisonLoadGenerator.Summary debates = sendComparisonsBackfill(client);
                ApiClient apiClient = new ApiClient(api);
                printWhenProcessed(apiClient, sent.callsDelivered() + debates.callsDelivered(), sent.feedbackDelivered());
                return runSteadyTraffic(lifetime, process, client, stack, traffic, apiClient);
            }
        }
    }

    private LoadSummary sendBackfill(ModelPerfClient client, SyntheticTraffic traffic) {
        LoadSummary summary = new LoadGenerator(client, traffic, Clock.systemUTC())
                .run(new LoadGenerator.Plan(backfill, 0, Duration.ofMinutes(30)), (sent, planned, rate, elapsed) -> { }, () -> false);
        System.out.printf("Sent %,d calls spread over the last 30 minutes, and %,d feedback events (%d failed).%n",
                summary.calls(), summary.feedback(), summary.failed());
        return summary;
    }

    /** Cascade traffic with its thresholds set off on purpose, so that {@code modelperf routing tune} has something to find. */
    private void sendRoutingBackfill(LocalStack stack, ModelPerfSettings settings) {
        try (Producer<String, SpecificRecord> producer = CascadeLoadGenerator.producer(stack.bootstrapServers(), stack.registryUrl(),
                "modelperf-demo-routing")) {
            CascadeLoadGenerator.Summary summary = new CascadeLoadGenerator(producer, settings.streams().topics(),
                    new CascadeTraffic(42, "default"), Clock.systemUTC())
                    .run(new LoadGenerator.Plan(routingBackfill, 0, Duration.ofMinutes(30)), (sent, planned, rate, elapsed) -> { },
                            () -> false);
            System.out.printf("Sent %,d routing-cascade decisions and %,d outcomes spread over the last 30 minutes (%d failed); "
                    + "thresholds set off on purpose: try ./modelperf routing tune --dry-run --api http://127.0.0.1:%d%n",
                    summary.decisions(), summary.outcomes(), summary.failed(), httpPort);
        }
    }

    /**
     * Debates drawn from known true ratings ({@link DebateTraffic}), with the calls behind their
     * answers and judgments of some, so that ratings and ensemble advice have data; prints the truth
     * to compare the ratings with.
     */
    private ComparisonLoadGenerator.Summary sendComparisonsBackfill(ModelPerfClient client) {
        TrueRatings truth = TrueRatings.of(42, TrueRatings.seededPanel(42, DEBATE_PANEL), DEBATE_CATEGORIES);
        ComparisonLoadGenerator.Summary summary = new ComparisonLoadGenerator(client, new DebateTraffic(42, "default", truth),
                Clock.systemUTC())
                .run(new LoadGenerator.Plan(comparisonsBackfill, 0, Duration.ofMinutes(30)), (sent, planned, rate, elapsed) -> { },
                        () -> false);
        System.out.printf("Sent %,d comparisons of %d models over %s spread over the last 30 minutes, with the %,d calls behind "
                + "their answers and %,d judgments (%d failed). True ratings, to compare with /api/v1/ratings:%n",
                summary.comparisons(), DEBATE_PANEL, String.join(", ", DEBATE_CATEGORIES), summary.calls(), summary.judgments(),
                summary.failed());
        for (String category : truth.categories()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s", category));
            truth.ranked(category).forEach(rated -> line.append(String.format(Locale.ROOT, "  %s %.0f", rated.model(), rated.rating())));
            System.out.println(line);
        }
        return summary;
    }

    /** Prints the first rankings table once the API counts every call and feedback of the backfills, or after 60 s. */
    private static void printWhenProcessed(ApiClient api, long callsDelivered, long feedbackDelivered) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode rankings = null;
        BackfillCounted counted = new BackfillCounted(0, 0);
        while (System.nanoTime() < deadline) {
            try {
                rankings = api.rankings("window=1h");
                counted = BackfillCounted.of(rankings, api.json("/api/v1/summary", "days", "1"));
                if (counted.reaches(callsDelivered, feedbackDelivered)) {
                    break;
                }
            } catch (IOException notYet) {
                // 503 until the stores are queryable; asked again below.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        if (!counted.reaches(callsDelivered, feedbackDelivered)) {
            System.out.printf("Counted so far: %,d of %,d calls and %,d of %,d feedback events; the rest is still on its way.%n",
                    counted.calls(), callsDelivered, counted.feedback(), feedbackDelivered);
        }
        if (rankings != null) {
            System.out.println();
            System.out.print(RankingsTable.render(rankings));
            System.out.println();
        }
    }

    /**
     * Live traffic as a service using ModelPerf would send it: each request is placed by a
     * {@link ModelRouter} reading the decisions topic, and its synthetic model call takes the
     * model's latency on one of a few workers; a failed attempt falls back to the router's next
     * model, and every attempt is recorded through the client.
     */
    private int runSteadyTraffic(ProcessLifetime lifetime, ModelPerfProcess process, ModelPerfClient client, LocalStack stack,
                                 SyntheticTraffic traffic, ApiClient api) throws InterruptedException {
        int workers = Math.max(4, 2 * rate);
        System.out.printf("Sending %d requests/s through the in-process router (%d workers); %s. Ctrl-C to stop.%n", rate,
                workers, durationSeconds > 0 ? "stopping after " + durationSeconds + " s" : "running until stopped");
        SyntheticModels models = SyntheticModels.sleeping(traffic);
        LongAdder answered = new LongAdder();
        LongAdder fellBack = new LongAdder();
        LongAdder refused = new LongAdder();
        LongAdder failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "demo-traffic");
            thread.setDaemon(true);
            return thread;
        });
        long sent = 0;
        try (ModelRouter router = ModelRouter.builder().client(client).bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).build()) {
            long started = System.nanoTime();
            long nextTable = started + TimeUnit.SECONDS.toNanos(60);
            long nextSummary = started + TimeUnit.SECONDS.toNanos(10);
            while (!lifetime.stopRequested()) {
                long elapsed = System.nanoTime() - started;
                if (durationSeconds > 0 && elapsed > TimeUnit.SECONDS.toNanos(durationSeconds)) {
                    break;
                }
                if (!process.kafkaStreams().state().isRunningOrRebalancing()) {
                    System.err.println("The streams app stopped (" + process.state() + "); see the log above.");
                    return 1;
                }
                long due = rate * elapsed / TimeUnit.SECONDS.toNanos(1);
                for (; sent < due; sent++) {
                    SyntheticTraffic.Request request = traffic.nextRequest();
                    pool.execute(() -> {
                        try {
                            Routed<String> routed = router.call(request.category(), RouteOptions.defaults(), models.invocation(request));
                            answered.increment();
                            if (routed.attempts().size() > 1) {
                                fellBack.increment();
                            }
                        } catch (RoutingFailedException e) {
                            List<Attempt> attempts = e.attempts();
                            boolean clientError = !attempts.isEmpty()
                                    && attempts.get(attempts.size() - 1).status() == CallStatus.CLIENT_ERROR;
                            (clientError ? refused : failed).increment();
                        }
                    });
                }
                if (System.nanoTime() > nextSummary) {
                    nextSummary += TimeUnit.SECONDS.toNanos(10);
                    System.out.printf("Live: %,d requests answered (%,d after a fallback), %,d refused as client errors "
                            + "(not retried), %,d failed on every model tried; router on %s.%n", answered.sum(), fellBack.sum(),
                            refused.sum(), failed.sum(), router.ready() ? "data" : "its rule table");
                }
                if (System.nanoTime() > nextTable) {
                    nextTable += TimeUnit.SECONDS.toNanos(60);
                    try {
                        System.out.print(RankingsTable.render(api.rankings("window=1h")));
                    } catch (IOException e) {
                        System.err.println("Rankings unavailable: " + e.getMessage());
                    }
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            pool.shutdown();
            // Calls under way end with their latency (a timeout takes 30 s); the rest are not waited for.
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        client.flush();
        System.out.printf("Stopping after %,d live requests: %,d answered (%,d after a fallback), %,d refused as client errors, "
                + "%,d failed on every model tried.%n", sent, answered.sum(), fellBack.sum(), refused.sum(), failed.sum());
        return 0;
    }
}
