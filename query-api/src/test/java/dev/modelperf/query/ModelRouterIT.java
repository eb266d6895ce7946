package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.client.routing.Attempt;
import dev.modelperf.client.routing.Decision;
import dev.modelperf.client.routing.ModelRouter;
import dev.modelperf.client.routing.Reply;
import dev.modelperf.client.routing.RouteOptions;
import dev.modelperf.client.routing.Routed;
import dev.modelperf.client.routing.RoutingFailedException;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Priority;
import java.io.IOException;
import java.net.SocketTimeoutException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server publishes its decision figures, a {@link ModelRouter} reads them from the real local
 * broker and decides in-process: the same models, in the same order, as
 * {@code /api/v1/recommendation} over HTTP; a blacklisted model never chosen; fallbacks on
 * retryable failures, each attempt counted by the server.
 */
class ModelRouterIT {

    private static final String TENANT = "router-it";
    private static final String CATEGORY = "code/backend/api";
    /** Success rate and latency of each model's seeding calls. */
    private static final Map<String, double[]> MODELS = Map.of(
            "fast/a", new double[] {0.97, 150},
            "steady/b", new double[] {0.99, 600},
            "cheap/c", new double[] {0.93, 300},
            "slow/d", new double[] {0.95, 2500});

    @TempDir
    static Path stateDir;

    private static LocalStack stack;
    private static ModelPerfProcess process;
    private static ModelPerfClient client;
    private static ModelRouter router;
    private static String api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start();
        process = TestServers.start(stack, TestServers.settings(stack, "router-it-" + UUID.randomUUID(), stateDir));
        api = TestServers.api(process);
        client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers()).registryUrl(stack.registryUrl())
                .tenant(TENANT).build();
        router = ModelRouter.builder().client(client).bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).build();
        seed();
    }

    /** 200 calls per model, failures spread out so that none is blacklisted. */
    private static void seed() {
        Instant now = Instant.now();
        int sequence = 0;
        for (Map.Entry<String, double[]> model : MODELS.entrySet()) {
            int failures = (int) Math.round(200 * (1 - model.getValue()[0]));
            for (int i = 0; i < 200; i++, sequence++) {
                boolean failed = i < failures * 4 && i % 4 == 0;
                client.record(ModelCall.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setTimestamp(now.minusMillis(sequence * 10L)).setTenant(TENANT).setModel(model.getKey())
                        .setProvider(model.getKey().substring(0, model.getKey().indexOf('/'))).setCategory(CATEGORY)
                        .setLatencyMs((long) (model.getValue()[1] * (0.8 + 0.4 * (i % 10) / 10.0)))
                        .setInputTokens(100).setOutputTokens(50).setCostUsd(model.getKey().startsWith("cheap") ? 0.0001 : 0.002)
                        .setStatus(failed ? CallStatus.SERVER_ERROR : CallStatus.OK).build());
            }
        }
        client.flush();
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
        if (client != null) {
            client.close();
        }
        if (process != null) {
            process.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void decidesLocallyAsTheRecommendationDoesThenAvoidsABlacklistedModelAndFallsBack() throws Exception {
        // 1. Every seeding call counted by the server, and the same figures reached the router.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> totalCalls() == 800);
        RouteOptions best = RouteOptions.defaults().mode(DecisionMode.BEST);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> router.choose(CATEGORY, best).models().equals(recommended("mode=best")));

        // 2. The same answers as the recommendation, in both modes, for every priority and many seeds.
        for (Priority priority : Priority.values()) {
            RouteOptions options = best.priority(priority);
            Decision decision = router.choose(CATEGORY, options);
            assertThat(decision.source()).isEqualTo(Decision.Source.DATA);
            assertThat(decision.models()).as("best, %s", priority)
                    .isEqualTo(recommended("mode=best&priority=" + priority.label()));
            for (long seed = 0; seed < 10; seed++) {
                RouteOptions sampled = options.mode(DecisionMode.SAMPLE).seed(seed);
                assertThat(router.choose(CATEGORY, sampled).models()).as("sample, %s, seed %d", priority, seed)
                        .isEqualTo(recommended("mode=sample&seed=" + seed + "&priority=" + priority.label()));
            }
        }

        // 3. Three failures in a row blacklist the best model: the router stops choosing it.
        String first = router.choose(CATEGORY, best).best();
        long before = countOf(first);
        for (int i = 0; i < 3; i++) {
            client.record(ModelCall.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(Instant.now())
                    .setTenant(TENANT).setModel(first).setProvider("p").setCategory(CATEGORY).setLatencyMs(100)
                    .setStatus(CallStatus.SERVER_ERROR).build());
        }
        client.flush();
        long sent = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !router.choose(CATEGORY, best).models().contains(first));
        long visibleMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("blacklist of %s visible to choose() %d ms after the third failure was flushed%n", first, visibleMs);
        for (int i = 0; i < 500; i++) {
            assertThat(router.choose(CATEGORY, RouteOptions.defaults()).models()).doesNotContain(first);
        }
        assertThat(get("/api/v1/health?tenant=" + TENANT).toString()).contains(first).contains("BLACKLISTED");

        // 4. Retryable failures fall back to the next model, never the blacklisted one nor one twice; every attempt is counted.
        List<String> called = new ArrayList<>();
        Routed<String> routed = router.call(CATEGORY, best, model -> {
            called.add(model);
            if (called.size() < 3) {
                throw new SocketTimeoutException("timed out");
            }
            return Reply.of("ok from " + model, 10, 5);
        });
        assertThat(called).hasSize(3).doesNotHaveDuplicates().doesNotContain(first);
        assertThat(routed.model()).isEqualTo(called.get(2));
        assertThat(routed.attempts()).extracting(Attempt::status)
                .containsExactly(CallStatus.TIMEOUT, CallStatus.TIMEOUT, CallStatus.OK);
        assertThatThrownBy(() -> router.call(CATEGORY, best, model -> {
            throw new SocketTimeoutException("down");
        })).isInstanceOfSatisfying(RoutingFailedException.class, e -> assertThat(e.attempts()).hasSize(3));
        client.flush();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> totalCalls() == 800 + 3 + 3 + 3);
        assertThat(countOf(first)).isEqualTo(before + 3);
    }

    /** best, then the fallbacks, of the recommendation over HTTP. */
    private List<String> recommended(String query) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/recommendation?tenant=" + TENANT + "&category=" + CATEGORY + "&" + query);
        List<String> models = new ArrayList<>();
        if (answer.get("best").isNull()) {
            return models;
        }
        models.add(answer.get("best").get("model").asText());
        answer.get("fallbacks").forEach(choice -> models.add(choice.get("model").asText()));
        return models;
    }

    private long totalCalls() throws IOException, InterruptedException {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    private long countOf(String model) throws IOException, InterruptedException {
        return counts().getOrDefault(model, 0L);
    }

    private Map<String, Long> counts() throws IOException, InterruptedException {
        HttpResponse<String> response = send("/api/v1/rankings?tenant=" + TENANT + "&category=" + CATEGORY);
        Map<String, Long> counts = new HashMap<>();
        if (response.statusCode() == 200) {
            mapper.readTree(response.body()).get("models").forEach(m -> counts.put(m.get("model").asText(), m.get("samples").asLong()));
        }
        return counts;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
