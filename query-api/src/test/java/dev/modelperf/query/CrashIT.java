package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.streams.health.HealthAlerts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing doubled: calls and feedback flow through the real local broker while the
 * server, in a JVM of its own, is killed with SIGKILL three times (the second time restarting on an
 * empty state directory, so every store comes back from its changelog). Afterwards every figure
 * equals what was sent, exactly: calls and successes per model and per category level, feedback,
 * the blacklisted model, and one FIRING alert per fingerprint on the alerts topic.
 *
 * <p>The broker and registry run in the test JVM; only the streams process dies. The child is
 * launched as {@code ./modelperf run} would be: {@link ServerCommand} with {@code --set} settings,
 * on this JVM's own java binary and class path.
 */
class CrashIT {

    private static final String TENANT = "crash-it";
    private static final List<String> CATEGORIES = List.of("code/backend/api", "code/frontend", "writing/blog", "support");
    private static final List<String> MODELS = List.of("openai/gpt-4o", "anthropic/claude-sonnet-4",
            "google/gemini-2.5-flash", "mistral/mistral-large", "acme/flaky");
    /** Succeeds for the first half of its calls, then fails every call: blacklisted once, and stays so. */
    private static final String FLAKY = "acme/flaky";
    private static final int CALLS = 20_000;
    private static final int BATCH = 50;
    private static final long BATCH_INTERVAL_MS = 100;
    /** Calls sent before each kill, and at least since the previous restart; the second restart is on an empty state directory. */
    private static final List<Integer> KILL_AFTER = List.of(4_000, 9_000, 14_000);
    private static final int CALLS_BETWEEN_KILLS = 2_000;
    private static final int EMPTY_STATE_RESTART = 1;

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String applicationId = "crash-it-" + UUID.randomUUID();
    private final Map<String, Expected> expectedByModel = new TreeMap<>();
    private final Map<String, Expected> expectedByLevel = new TreeMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    /** Held below the end until the last kill, so that calls still flow after it. */
    private final AtomicInteger sendLimit = new AtomicInteger(CALLS - CALLS_BETWEEN_KILLS);
    private final ConcurrentLinkedQueue<CompletableFuture<?>> sends = new ConcurrentLinkedQueue<>();
    private LocalStack stack;
    private Process server;
    private int port;
    private int generation;

    /** What one model or category level was sent. */
    private static final class Expected {
        long calls;
        long successes;
        long feedback;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyCallCountsOnceThroughKillsAndAnEmptyStateDirectory() throws Exception {
        long started = System.nanoTime();
        stack = LocalStack.start();
        Path stateDir = workDir.resolve("state-a");
        startServer(stateDir);

        List<Long> killMillis = new ArrayList<>();
        List<Integer> killedAt = new ArrayList<>();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            sender.scheduleAtFixedRate(() -> sendBatch(client), 0, BATCH_INTERVAL_MS, TimeUnit.MILLISECONDS);
            for (int kill = 0; kill < KILL_AFTER.size(); kill++) {
                // Never past the end: every kill lands while calls still flow.
                int threshold = Math.min(CALLS - CALLS_BETWEEN_KILLS, Math.max(KILL_AFTER.get(kill), sent.get() + CALLS_BETWEEN_KILLS));
                await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= threshold);
                long killStarted = System.nanoTime();
                killedAt.add(sent.get());
                kill();
                if (kill == KILL_AFTER.size() - 1) {
                    sendLimit.set(CALLS);
                }
                if (kill == EMPTY_STATE_RESTART) {
                    stateDir = workDir.resolve("state-b");
                }
                startServer(stateDir);
                killMillis.add((System.nanoTime() - killStarted) / 1_000_000);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> sent.get() >= CALLS);
            sender.shutdown();
            assertThat(sender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            sender.shutdownNow();
        }
        long sentAt = System.nanoTime();

        String api = "http://127.0.0.1:" + port;
        long total = expectedByModel.values().stream().mapToLong(e -> e.calls).sum();
        long feedback = expectedByModel.values().stream().mapToLong(e -> e.feedback).sum();
        // Settled: every call in the rankings and every feedback joined; then nothing may move any more.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode summary = getOrNull(api + "/api/v1/summary?days=1&tenant=" + TENANT);
            return summary != null && summary.get("totals").get("count").asLong() == total
                    && summary.get("totals").get("feedback").get("count").asLong() == feedback;
        });
        long settledAt = System.nanoTime();

        JsonNode summary = get(api + "/api/v1/summary?days=1&tenant=" + TENANT);
        System.out.printf("CrashIT: %,d calls and %,d feedback sent, %d kills (after %s calls sent; restart to RUNNING %s ms, #%d "
                        + "on an empty state directory), sending %.1f s, settled %.1f s later, %.1f s in all%n", total, feedback,
                KILL_AFTER.size(), killedAt, killMillis, EMPTY_STATE_RESTART + 1, (sentAt - started) / 1e9,
                (settledAt - sentAt) / 1e9, (settledAt - started) / 1e9);
        for (Map.Entry<String, Expected> model : expectedByModel.entrySet()) {
            JsonNode counted = summary.get("byModel").get(model.getKey());
            JsonNode metrics = get(api + "/api/v1/models/" + URLEncoder.encode(model.getKey(), StandardCharsets.UTF_8)
                    + "/metrics?window=1h&tenant=" + TENANT).get("stats");
            System.out.printf("CrashIT: %-26s sent %,6d calls %,6d successes %,5d feedback; counted %,6d %,6d %,5d "
                            + "(1h metrics %,6d %,6d %,5d)%n", model.getKey(), model.getValue().calls, model.getValue().successes,
                    model.getValue().feedback, counted.get("count").asLong(), counted.get("successes").asLong(),
                    counted.get("feedback").get("count").asLong(), metrics.get("count").asLong(),
                    metrics.get("successes").asLong(), metrics.get("feedback").get("count").asLong());
            assertCounts(counted, model.getValue(), "summary byModel " + model.getKey());
            assertCounts(metrics, model.getValue(), "metrics " + model.getKey());
        }
        for (Map.Entry<String, Expected> level : expectedByLevel.entrySet()) {
            assertCounts(summary.get("byCategory").get(level.getKey()), level.getValue(), "summary byCategory " + level.getKey());
            assertThat(rankingsSamples(api, level.getKey())).as("rankings samples " + level.getKey())
                    .isEqualTo(level.getValue().calls);
        }
        assertThat(rankingsSamples(api, "*")).as("rankings samples *").isEqualTo(total);

        for (String model : MODELS) {
            JsonNode health = get(api + "/api/v1/health/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "?tenant=" + TENANT);
            assertThat(health.get("status").asText()).as("health " + model).isEqualTo(model.equals(FLAKY) ? "BLACKLISTED" : "HEALTHY");
        }
        assertAlertsFireOnce();
    }

    private static void assertCounts(JsonNode counted, Expected expected, String what) {
        assertThat(counted).as(what).isNotNull();
        assertThat(counted.get("count").asLong()).as(what + " calls").isEqualTo(expected.calls);
        assertThat(counted.get("successes").asLong()).as(what + " successes").isEqualTo(expected.successes);
        assertThat(counted.get("feedback").get("count").asLong()).as(what + " feedback").isEqualTo(expected.feedback);
    }

    /**
     * Every alert on the topic, read committed: the flaky model's blacklist fired exactly once, and no
     * fingerprint fired twice without resolving in between.
     */
    private void assertAlertsFireOnce() {
        Map<String, List<AlertState>> states = new LinkedHashMap<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new RegistryAvroDeserializer<>(
                        new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())), Alert.getClassSchema()))) {
            List<TopicPartition> partitions = consumer.partitionsFor("modelperf.alerts.v1").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().getTenant().equals(TENANT)) {
                        states.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value().getState());
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        System.out.printf("CrashIT: alerts by fingerprint %s%n", states);
        String blacklisted = HealthAlerts.fingerprint(HealthAlerts.BLACKLISTED_RULE, TENANT, FLAKY);
        assertThat(states.get(blacklisted)).as("model-blacklisted alerts of " + FLAKY).containsExactly(AlertState.FIRING);
        states.forEach((fingerprint, sequence) -> {
            for (int i = 1; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).as(fingerprint + " " + sequence).isNotEqualTo(sequence.get(i - 1));
            }
        });
    }

    /** Sends the next batch of the deterministic plan; runs on the sender's one thread. */
    private void sendBatch(ModelPerfClient client) {
        int from = sent.get();
        int to = Math.min(sendLimit.get(), from + BATCH);
        for (int i = from; i < to; i++) {
            String model = MODELS.get(i % MODELS.size());
            String category = CATEGORIES.get((i / MODELS.size()) % CATEGORIES.size());
            int nth = i / MODELS.size();
            CallStatus status = status(model, nth);
            String eventId = UUID.randomUUID().toString();
            sends.add(client.record(ModelCall.newBuilder()
                    .setEventId(eventId)
                    .setTimestamp(Instant.now())
                    .setModel(model)
                    .setProvider(model.substring(0, model.indexOf('/')))
                    .setCategory(category)
                    .setLatencyMs(100 + i % 400)
                    .setInputTokens(100)
                    .setOutputTokens(50)
                    .setStatus(status)
                    .build()));
            boolean judged = i % 9 == 4;
            if (judged) {
                sends.add(client.feedback(Feedback.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTimestamp(Instant.now())
                        .setCallEventId(eventId)
                        .setRating(i % 18 == 4 ? 1 : -1)
                        .build()));
            }
            expect(expectedByModel, model, status, judged);
            String level = category;
            while (true) {
                expect(expectedByLevel, level, status, judged);
                int slash = level.lastIndexOf('/');
                if (slash < 0) {
                    break;
                }
                level = level.substring(0, slash);
            }
        }
        sent.set(to);
    }

    /**
     * The flaky model fails every call from the middle on; the others fail one call in seven and
     * are refused by the client's caller one in eleven, never three counted failures in a row.
     */
    private static CallStatus status(String model, int nth) {
        if (model.equals(FLAKY)) {
            return nth >= CALLS / MODELS.size() / 2 ? CallStatus.SERVER_ERROR : CallStatus.OK;
        }
        if (nth % 7 == 3) {
            return CallStatus.SERVER_ERROR;
        }
        return nth % 11 == 5 ? CallStatus.CLIENT_ERROR : CallStatus.OK;
    }

    private static void expect(Map<String, Expected> expected, String key, CallStatus status, boolean judged) {
        Expected e = expected.computeIfAbsent(key, k -> new Expected());
        e.calls++;
        e.successes += status == CallStatus.OK ? 1 : 0;
        e.feedback += judged ? 1 : 0;
    }

    /** Starts the server as its own JVM and waits until it is RUNNING. */
    private void startServer(Path stateDir) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ServerCommand.class.getName()));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
        settings.put("registry.url", stack.registryUrl());
        settings.put("kafka.application.id", applicationId);
        settings.put("state.dir", stateDir.toString());
        settings.put("topic.partitions", "3");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(port));
        // A killed member leaves the group only when its session expires: keep that short.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        Path log = workDir.resolve("server-" + generation++ + ".log");
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = server;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(started.isAlive()).as("server alive; its log: " + tail(log)).isTrue();
            return status("http://127.0.0.1:" + port + "/readyz") == 200;
        });
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
    private void kill() throws InterruptedException {
        long pid = server.pid();
        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server gone after SIGKILL").isTrue();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("process " + pid).isNotEqualTo(java.util.Optional.of(true));
        assertThat(server.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
        server = null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private long rankingsSamples(String api, String category) throws IOException, InterruptedException {
        long sum = 0;
        for (JsonNode model : get(api + "/api/v1/rankings?window=1h&tenant=" + TENANT + "&category="
                + URLEncoder.encode(category, StandardCharsets.UTF_8)).get("models")) {
            sum += model.get("samples").asLong();
        }
        return sum;
    }

    private int status(String url) {
        try {
            return send(url).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode getOrNull(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(url);
        return response.statusCode() == 200 ? mapper.readTree(response.body()) : null;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(url);
        assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
