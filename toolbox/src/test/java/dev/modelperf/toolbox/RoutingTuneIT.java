package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.cascade.LayerThresholds;
import dev.modelperf.local.LocalStack;
import dev.modelperf.query.ModelPerfProcess;
import dev.modelperf.query.TestServers;
import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.routing.cascade.ConfidenceHistogram;
import dev.modelperf.routing.cascade.LayerAnalysis;
import dev.modelperf.routing.cascade.ThresholdAnalysis;
import dev.modelperf.routing.cascade.ThresholdChange;
import dev.modelperf.routing.cascade.TuningPolicy;
import dev.modelperf.routing.cascade.Verdict;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.toolbox.load.CascadeLayerModel;
import dev.modelperf.toolbox.load.CascadeLoadGenerator;
import dev.modelperf.toolbox.load.CascadeTraffic;
import dev.modelperf.toolbox.load.LoadGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Cascade traffic with thresholds set off on purpose, through the real broker and the streams app:
 * {@code GET /api/v1/routing/thresholds} judges each layer exactly as the analysis does on the same
 * tasks in memory, {@code modelperf routing tune} publishes the recommendations, and a router's
 * {@link LayerThresholds} sees them in force. (That the analysis recovers the generator's best
 * thresholds is {@code CascadeTuningTest}'s, on 40,000 tasks.)
 */
class RoutingTuneIT {

    private static final String TENANT = "tune-it";
    private static final int TASKS = 1_500;
    private static final long SEED = 7;

    @TempDir
    static Path stateDir;

    private static LocalStack stack;
    private static ModelPerfProcess server;
    private static String api;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void routeTasks() throws Exception {
        stack = LocalStack.start();
        server = TestServers.start(stack, TestServers.settings(stack, "routing-tune-it", stateDir));
        api = TestServers.api(server);
        CascadeLoadGenerator.Summary sent;
        try (Producer<String, SpecificRecord> producer = CascadeLoadGenerator.producer(stack.bootstrapServers(), stack.registryUrl(),
                "routing-tune-it")) {
            sent = new CascadeLoadGenerator(producer, new Topics(Topics.DEFAULT_PREFIX), new CascadeTraffic(SEED, TENANT), Clock.systemUTC())
                    .run(new LoadGenerator.Plan(TASKS, 0, Duration.ofMinutes(30)), (done, planned, rate, elapsed) -> { }, () -> false);
        }
        assertThat(sent.failed()).isZero();
        long judgedRoutes = judgedRoutes();
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(api + "/api/v1/routing/layers?tenant=" + TENANT + "&window=1h")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode cascade = response.statusCode() == 200 ? json.readTree(response.body()).path("cascade") : null;
            return cascade != null && cascade.path("decisions").asLong() == TASKS && cascade.path("judged").asLong() == judgedRoutes;
        });
    }

    /** Routed tasks whose outcome judges the route, replayed from the seed. */
    private static long judgedRoutes() {
        CascadeTraffic replay = new CascadeTraffic(SEED, TENANT);
        long judged = 0;
        for (int i = 0; i < TASKS; i++) {
            CascadeTraffic.Task task = replay.next(Instant.now());
            judged += task.outcome().isPresent() && !task.decision().getClarified() ? 1 : 0;
        }
        return judged;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theApiJudgesEachLayerAsTheAnalysisDoesOnTheSameTasks() throws Exception {
        JsonNode answer = mapper.readTree(get("/api/v1/routing/thresholds?tenant=" + TENANT + "&window=1h").body());
        Map<String, LayerAnalysis> expected = analysedInMemory();

        assertThat(answer.path("layers")).hasSize(CascadeTraffic.LAYERS.size());
        for (int i = 0; i < CascadeTraffic.LAYERS.size(); i++) {
            CascadeLayerModel model = CascadeTraffic.LAYERS.get(i);
            JsonNode layer = answer.path("layers").get(i);
            LayerAnalysis analysis = expected.get(model.layerId());
            System.out.printf("%-10s current %.2f  recommended %.2f  true best %.2f  (%s)%n", model.layerId(),
                    layer.path("currentThreshold").asDouble(), layer.path("recommendedThreshold").asDouble(),
                    model.bestThreshold(0.95), layer.path("reason").asText());
            assertThat(layer.path("layerId").asText()).isEqualTo(model.layerId());
            assertThat(layer.path("currentThreshold").asDouble()).isEqualTo(model.currentThreshold());
            assertThat(layer.path("judged").asLong()).isEqualTo(analysis.judged());
            assertThat(layer.path("recommendedThreshold").asDouble()).isEqualTo(analysis.recommendedThreshold());
            assertThat(layer.path("reason").asText()).isEqualTo(analysis.reason());
        }
    }

    /** The same tasks replayed from the seed, each proposal judged as an outcome judges it, analysed in memory. */
    private static Map<String, LayerAnalysis> analysedInMemory() {
        CascadeTraffic replay = new CascadeTraffic(SEED, TENANT);
        Map<String, ConfidenceHistogram> histograms = new HashMap<>();
        for (int i = 0; i < TASKS; i++) {
            CascadeTraffic.Task task = replay.next(Instant.now());
            RoutingOutcome outcome = task.outcome().orElse(null);
            for (LayerAttempt attempt : task.decision().getLayers()) {
                Verdict verdict = outcome == null ? Verdict.UNKNOWN
                        : outcome.getCorrectTarget() != null ? (outcome.getCorrectTarget().equals(attempt.getTarget()) ? Verdict.CORRECT : Verdict.WRONG)
                        : attempt.getAccepted() && outcome.getCorrect() != null ? (outcome.getCorrect() ? Verdict.CORRECT : Verdict.WRONG)
                        : Verdict.UNKNOWN;
                histograms.computeIfAbsent(attempt.getLayerId(), id -> new ConfidenceHistogram()).record(attempt.getConfidence(), verdict);
            }
        }
        Map<String, LayerAnalysis> analyses = new HashMap<>();
        histograms.forEach((layer, histogram) -> analyses.put(layer,
                ThresholdAnalysis.analyze(layer, histogram, replay.threshold(layer), TuningPolicy.DEFAULT)));
        return analyses;
    }

    @Test
    void tunePublishesTheRecommendedThresholdsWhichRoutersThenApply() throws Exception {
        JsonNode answer = mapper.readTree(get("/api/v1/routing/thresholds?tenant=" + TENANT + "&window=1h").body());
        String dryRun = run("routing", "tune", "--dry-run", "--api", api, "--tenant", TENANT, "--window", "1h",
                "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());
        Map<String, LayerAnalysis> expected = analysedInMemory();
        long changes = expected.values().stream().filter(analysis -> analysis.change() != ThresholdChange.KEEP).count();
        assertThat(changes).isPositive();
        expected.values().forEach(analysis -> assertThat(dryRun).contains(analysis.reason()));
        assertThat(dryRun).contains("Dry run: " + changes + " change(s) not published");

        String tuned = run("routing", "tune", "--api", api, "--tenant", TENANT, "--window", "1h", "--applied-by", "RoutingTuneIT",
                "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());

        assertThat(tuned.lines().filter(line -> line.startsWith("Published "))).hasSize((int) changes);
        try (LayerThresholds thresholds = LayerThresholds.start(stack.bootstrapServers(), stack.registryUrl(),
                new Topics(Topics.DEFAULT_PREFIX).routingThresholds())) {
            assertThat(thresholds.awaitLoaded(Duration.ofSeconds(30))).isTrue();
            for (JsonNode layer : answer.path("layers")) {
                String layerId = layer.path("layerId").asText();
                if ("KEEP".equals(layer.path("change").asText())) {
                    assertThat(thresholds.current(TENANT, layerId)).as(layerId).isEmpty();
                    continue;
                }
                assertThat(thresholds.thresholdOr(TENANT, layerId, -1)).as(layerId).isEqualTo(layer.path("recommendedThreshold").asDouble());
                assertThat(thresholds.current(TENANT, layerId).orElseThrow().getReason()).isEqualTo(layer.path("reason").asText());
                assertThat(thresholds.current(TENANT, layerId).orElseThrow().getAppliedBy()).isEqualTo("RoutingTuneIT");
            }
        }
    }

    @Test
    void analyzeShowsOneLayersCurve() throws Exception {
        JsonNode json = mapper.readTree(run("routing", "analyze", "--layer", "semantic", "--json", "--api", api, "--tenant", TENANT,
                "--window", "1h"));
        String text = run("routing", "analyze", "--layer", "semantic", "--api", api, "--tenant", TENANT, "--window", "1h");

        assertThat(json.path("layers")).hasSize(1);
        assertThat(json.path("layers").get(0).path("curve")).hasSize(101);
        assertThat(text).contains("Layer semantic: ").contains("<- current").contains(analysedInMemory().get("semantic").reason());
    }

    @Test
    void theLayerTableShowsEveryLayerInCascadeOrderAndTheTargets() {
        String table = run("routing", "--api", api, "--tenant", TENANT, "--window", "1h");

        assertThat(table).containsSubsequence("keyword", "semantic", "retrieval", "classifier", "(clarify)")
                .contains(String.format(Locale.ROOT, "%,d decisions", TASKS)).contains("Targets: accuracy > 95 % MISSED");
    }

    @Test
    void anAccuracyTargetOutsideZeroToOneIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/api/v1/routing/thresholds?tenant=" + TENANT + "&target=1.5");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(response.body()).toString()).contains("target").contains("must be a number from 0 to 1");
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ModelPerfCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        System.out.print(out);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
