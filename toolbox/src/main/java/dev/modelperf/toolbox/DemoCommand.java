package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.ProcessLifetime;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.query.config.ModelPerfSettings;
import dev.modelperf.toolbox.load.LoadGenerator;
import dev.modelperf.toolbox.load.LoadSummary;
import dev.modelperf.toolbox.load.SyntheticTraffic;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Everything embedded: a real local Kafka broker and registry, the streams app, the HTTP API and
 * scripted traffic (a backfill of recent calls, then a steady rate), so that rankings show at once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run ModelPerf with an embedded Kafka broker, schema registry and scripted traffic.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port of the query API (default ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (default: run until Ctrl-C).")
    private long durationSeconds;

    @Option(names = "--backfill", defaultValue = "5000", description = "Calls spread over the last 30 minutes, sent at start (default ${DEFAULT-VALUE}).")
    private int backfill;

    @Option(names = "--rate", defaultValue = "20", description = "Calls per second after the backfill (default ${DEFAULT-VALUE}).")
    private int rate;

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
                System.out.println("  Rankings API      " + api + "/api/v1/rankings?window=1h");
                System.out.println("  By category       " + api + "/api/v1/rankings?category=code&window=1h&priority=cost");
                System.out.println("  Recommendation    " + api + "/api/v1/recommendation?category=code/backend/api&priority=cost");
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
                sendBackfill(client, traffic);
                ApiClient apiClient = new ApiClient(api);
                printWhenProcessed(apiClient, backfill);
                return runSteadyTraffic(lifetime, process, client, traffic, apiClient);
            }
        }
    }

    private void sendBackfill(ModelPerfClient client, SyntheticTraffic traffic) {
        LoadSummary summary = new LoadGenerator(client, traffic, Clock.systemUTC())
                .run(new LoadGenerator.Plan(backfill, 0, Duration.ofMinutes(30)), (sent, planned, rate, elapsed) -> { }, () -> false);
        System.out.printf("Sent %,d calls spread over the last 30 minutes, and %,d feedback events (%d failed).%n",
                summary.calls(), summary.feedback(), summary.failed());
    }

    private static void printWhenProcessed(ApiClient api, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode rankings = null;
        while (System.nanoTime() < deadline) {
            try {
                rankings = api.rankings("window=1h");
                if (RankingsTable.totalCalls(rankings) >= expected) {
                    break;
                }
            } catch (IOException notYet) {
                // 503 until the stores are queryable; asked again below.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        if (rankings != null) {
            System.out.println();
            System.out.print(RankingsTable.render(rankings));
            System.out.println();
        }
    }

    private int runSteadyTraffic(ProcessLifetime lifetime, ModelPerfProcess process, ModelPerfClient client,
                                 SyntheticTraffic traffic, ApiClient api) throws InterruptedException {
        System.out.printf("Sending %d calls/s; %s. Ctrl-C to stop.%n", rate,
                durationSeconds > 0 ? "stopping after " + durationSeconds + " s" : "running until stopped");
        AtomicLong failedSends = new AtomicLong();
        DemoRouter router = new DemoRouter(api);
        long started = System.nanoTime();
        long sent = 0;
        long routedAway = 0;
        long nextTable = started + TimeUnit.SECONDS.toNanos(60);
        long nextHealthRead = started;
        while (!lifetime.stopRequested()) {
            long elapsed = System.nanoTime() - started;
            if (durationSeconds > 0 && elapsed > TimeUnit.SECONDS.toNanos(durationSeconds)) {
                break;
            }
            if (!process.kafkaStreams().state().isRunningOrRebalancing()) {
                System.err.println("The streams app stopped (" + process.state() + "); see the log above.");
                return 1;
            }
            if (System.nanoTime() > nextHealthRead) {
                nextHealthRead += TimeUnit.MILLISECONDS.toNanos(250);
                router.refresh();
            }
            long due = rate * elapsed / TimeUnit.SECONDS.toNanos(1);
            for (; sent < due; sent++) {
                ModelCall call = traffic.next(Instant.now());
                if (!router.allows(call.getModel())) {
                    routedAway++;
                    continue;
                }
                BiConsumer<Object, Throwable> check = (metadata, error) -> {
                    if (error != null && failedSends.incrementAndGet() == 1) {
                        System.err.println("A demo event could not be sent: " + error);
                    }
                };
                client.record(call).whenComplete(check);
                traffic.feedbackFor(call).ifPresent(feedback -> client.feedback(feedback).whenComplete(check));
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
        client.flush();
        System.out.printf("Stopping after %,d live calls (%,d routed away from blacklisted models, %d failed to send).%n",
                sent - routedAway, routedAway, failedSends.get());
        return failedSends.get() == 0 ? 0 : 1;
    }
}
