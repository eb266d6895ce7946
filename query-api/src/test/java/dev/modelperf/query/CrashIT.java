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
import dev.modelperf.local.RegistryServer;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing doubled: calls and feedback flow while, one after the other, the server
 * (a JVM of its own) is killed with SIGKILL, killed again and restarted on an empty state directory
 * (every store comes back from its changelog), the schema registry is stopped while the server runs
 * and blacklists a model, the Kafka broker (a JVM of its own as well) is killed and started again on
 * the same log directory and port, and the server is killed a third time and restarted on another
 * empty state directory while the registry refuses schema lookups, so that its global thread
 * rebuilds the health store from the topic with no schema to read it by. The sender
 * sends every event whose send failed again, with the same event id, as a client would.
 * Afterwards every figure equals what was sent, exactly: calls and successes per model and per
 * category level, feedback, the blacklisted model, one FIRING alert per fingerprint on the
 * alerts topic, and nothing in the DLQ.
 *
 * <p>The server is launched as {@code ./modelperf run} would be: {@link ServerCommand} with
 * {@code --set} settings; the broker is Kafka's own {@code kafka.Kafka} ({@link BrokerProcess}). The
 * registry endpoint runs in the test JVM over an in-memory registry that outlives the endpoint, as a
 * registry's schemas outlive its process (Confluent's are in a Kafka topic), so the ids stay the same
 * when it comes back on the same port.
 */
class CrashIT {

    private static final String TENANT = "crash-it";
    private static final List<String> CATEGORIES = List.of("code/backend/api", "code/frontend", "writing/blog", "support");
    private static final List<String> MODELS = List.of("openai/gpt-4o", "anthropic/claude-sonnet-4",
            "google/gemini-2.5-flash", "mistral/mistral-large", "acme/flaky");
    /** Succeeds for the first half of its calls, then fails every call: blacklisted once, and stays so. */
    private static final String FLAKY = "acme/flaky";
    /** The call from which the flaky model fails: the blacklist fires during the registry outage just before it. */
    private static final int FLAKY_FAILS_FROM = 12_000;
    private static final int BATCH = 50;
    private static final long BATCH_INTERVAL_MS = 100;
    /** Calls sent after the last recovery. */
    private static final int CALLS_AFTER_FAULTS = 2_000;
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    /**
     * The faults in the order they strike: each once {@code at} calls were sent and {@code after}
     * more since the previous recovery, with {@code during} calls sent while the broker or the
     * registry is down. Calls flow through each fault and its recovery, but never past the next
     * fault's {@code at}, however long a recovery takes.
     */
    private enum Fault {
        KILL(3_000, 2_000, 0),
        KILL_ONTO_EMPTY_STATE(6_000, 2_000, 0),
        REGISTRY_OUTAGE(FLAKY_FAILS_FROM - 1_500, 0, 3_000),
        BROKER_RESTART(16_000, 2_000, 1_500),
        KILL_AND_REGISTRY_OUTAGE_AT_START(20_000, 2_000, 2_000);

        final int at;
        final int after;
        final int during;

        Fault(int at, int after, int during) {
            this.at = at;
            this.after = after;
            this.during = during;
        }
    }

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String applicationId = "crash-it-" + UUID.randomUUID();
    private final Map<String, Expected> expectedByModel = new TreeMap<>();
    private final Map<String, Expected> expectedByLevel = new TreeMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    /** How far the sender may go: up to the next fault, then through it, then to the end. */
    private final AtomicInteger sendLimit = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    /** What stopped the sender, if anything did: a scheduled task that throws is not run again. */
    private final AtomicReference<RuntimeException> senderFailure = new AtomicReference<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> deliveries = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    /** The registry's schemas: they outlive the endpoint, which is stopped and started again on the same port. */
    private final InMemorySchemaRegistry schemas = new InMemorySchemaRegistry();
    private RegistryServer registry;
    private int registryPort;
    private BrokerProcess broker;
    private Process server;
    private Path serverLog;
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
        retries.shutdownNow();
        if (server != null) {
            server.destroyForcibly();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyCallCountsOnceThroughKillsAnEmptyStateDirectoryARegistryOutageAndABrokerRestart() throws Exception {
        long started = System.nanoTime();
        broker = BrokerProcess.start(workDir.resolve("broker"));
        registry = RegistryServer.start(schemas, "127.0.0.1", 0);
        registryPort = registry.port();
        Path stateDir = workDir.resolve("state-a");
        startServer(stateDir);

        Map<Fault, String> recoveries = new LinkedHashMap<>();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(broker.bootstrapServers())
                .registryUrl(registryUrl()).tenant(TENANT)
                // A send fails after 5 s without the broker instead of 2 minutes: the sender retries it, as a caller would.
                .producerConfig(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
                .producerConfig(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000)
                .build()) {
            sender.scheduleAtFixedRate(() -> {
                try {
                    sendBatch(client);
                } catch (RuntimeException e) {
                    senderFailure.compareAndSet(null, e);
                    throw e;
                }
            }, 0, BATCH_INTERVAL_MS, TimeUnit.MILLISECONDS);
            Fault[] faults = Fault.values();
            for (int i = 0; i < faults.length; i++) {
                Fault fault = faults[i];
                int threshold = Math.max(fault.at, sent.get() + fault.after);
                sendLimit.set(threshold);
                awaitSent(threshold);
                sendLimit.set(Math.max(threshold + fault.during, i + 1 < faults.length ? faults[i + 1].at : 0));
                long faultStarted = System.nanoTime();
                String what = strike(fault, stateDir);
                recoveries.put(fault, what + "; at " + threshold + " calls sent, recovered in "
                        + (System.nanoTime() - faultStarted) / 1_000_000 + " ms");
                System.out.printf("CrashIT: %s%n", recoveries.get(fault));
                if (fault == Fault.KILL_ONTO_EMPTY_STATE) {
                    stateDir = workDir.resolve("state-b");
                }
            }
            int end = sent.get() + CALLS_AFTER_FAULTS;
            sendLimit.set(end);
            awaitSent(end);
            sender.shutdown();
            assertThat(sender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.stream().allMatch(CompletableFuture::isDone));
        } finally {
            sender.shutdownNow();
        }
        long sentAt = System.nanoTime();

        String api = "http://127.0.0.1:" + port;
        long total = expectedByModel.values().stream().mapToLong(e -> e.calls).sum();
        long feedback = expectedByModel.values().stream().mapToLong(e -> e.feedback).sum();
        // Settled: every call in the rankings and every feedback joined; then nothing may move any more.
        AtomicReference<JsonNode> lastTotals = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode summary = getOrNull(api + "/api/v1/summary?days=1&tenant=" + TENANT);
                lastTotals.set(summary == null ? null : summary.get("totals"));
                return summary != null && summary.get("totals").get("count").asLong() == total
                        && summary.get("totals").get("feedback").get("count").asLong() == feedback;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Not settled within 180 s: " + total + " calls and " + feedback + " feedback sent, "
                    + "counted " + lastTotals.get() + "; server log: " + ChildJvm.tail(serverLog), e);
        }
        long settledAt = System.nanoTime();

        long callRecords = records("modelperf.calls.v1", "read_uncommitted");
        long feedbackRecords = records("modelperf.feedback.v1", "read_uncommitted");
        System.out.printf("CrashIT: %,d calls and %,d feedback sent; %,d sends failed and were retried with the same event id; "
                        + "on the topics %,d call and %,d feedback records, so %,d duplicates absorbed; sending %.1f s, "
                        + "settled %.1f s later, %.1f s in all%n", total, feedback, resent.get(), callRecords, feedbackRecords,
                callRecords + feedbackRecords - total - feedback, (sentAt - started) / 1e9, (settledAt - sentAt) / 1e9,
                (settledAt - started) / 1e9);
        JsonNode summary = get(api + "/api/v1/summary?days=1&tenant=" + TENANT);
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
        assertThat(records("modelperf.dlq.v1", "read_committed")).as("records in the DLQ").isZero();
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
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new RegistryAvroDeserializer<>(schemas, Alert.getClassSchema()))) {
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

    /** How many records {@code topic} holds, read from the beginning at {@code isolation}. */
    private long records(String topic, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            AtomicLong count = new AtomicLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                count.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return count.get();
        }
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
            deliver(client, ModelCall.newBuilder()
                    .setEventId(eventId)
                    .setTimestamp(Instant.now())
                    .setModel(model)
                    .setProvider(model.substring(0, model.indexOf('/')))
                    .setCategory(category)
                    .setLatencyMs(100 + i % 400)
                    .setInputTokens(100)
                    .setOutputTokens(50)
                    .setStatus(status)
                    .build());
            boolean judged = i % 9 == 4;
            if (judged) {
                deliver(client, Feedback.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTimestamp(Instant.now())
                        .setCallEventId(eventId)
                        .setRating(i % 18 == 4 ? 1 : -1)
                        .build());
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

    private void awaitSent(int calls) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> sent(calls));
    }

    private boolean sent(int calls) {
        assertThat(senderFailure.get()).as("sender failure").isNull();
        return sent.get() >= calls;
    }

    /** Sends {@code event} until the broker acknowledges it, again with the same event id after each failure. */
    private void deliver(ModelPerfClient client, SpecificRecord event) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        deliveries.add(delivered);
        attempt(client, event, delivered);
    }

    private void attempt(ModelPerfClient client, SpecificRecord event, CompletableFuture<Void> delivered) {
        CompletableFuture<?> sending = event instanceof ModelCall call ? client.record(call) : client.feedback((Feedback) event);
        sending.whenComplete((metadata, failure) -> {
            if (failure == null) {
                delivered.complete(null);
            } else {
                resent.incrementAndGet();
                retries.schedule(() -> attempt(client, event, delivered), RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * The flaky model fails every call from the middle on; the others fail one call in seven and
     * are refused by the client's caller one in eleven, never three counted failures in a row.
     */
    private static CallStatus status(String model, int nth) {
        if (model.equals(FLAKY)) {
            return nth >= FLAKY_FAILS_FROM / MODELS.size() ? CallStatus.SERVER_ERROR : CallStatus.OK;
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

    /** Strikes {@code fault} and returns once the server is RUNNING again; says what was done. */
    private String strike(Fault fault, Path stateDir) throws Exception {
        switch (fault) {
            case KILL -> {
                kill();
                startServer(stateDir);
                return "server SIGKILL, restarted on its state directory";
            }
            case KILL_ONTO_EMPTY_STATE -> {
                kill();
                startServer(workDir.resolve("state-b"));
                return "server SIGKILL, restarted on an empty state directory";
            }
            case REGISTRY_OUTAGE -> {
                long pid = server.pid();
                // The flaky model is blacklisted meanwhile: its first alert's schema cannot be registered until the registry is back.
                int down = registryDown(fault.during, () -> threadReplacements() > 0);
                awaitReady(server, serverLog);
                assertThat(server.pid()).as("the same server process").isEqualTo(pid);
                return "registry stopped for " + down + " ms while the server ran and blacklisted a model, back on the same port; "
                        + threadReplacements() + " stream thread replacements meanwhile";
            }
            case BROKER_RESTART -> {
                long pid = server.pid();
                long killed = System.nanoTime();
                broker.kill();
                int until = sent.get() + fault.during;
                sendLimit.accumulateAndGet(until, Math::max);
                awaitSent(until);
                broker.startAgain();
                long brokerBack = (System.nanoTime() - killed) / 1_000_000;
                awaitReady(server, serverLog);
                assertThat(server.pid()).as("the same server process").isEqualTo(pid);
                return "broker SIGKILL, answering again on the same log directory and port after " + brokerBack + " ms";
            }
            case KILL_AND_REGISTRY_OUTAGE_AT_START -> {
                kill();
                // Lookups refused before the new server starts, not stopped after its start-up check: however its
                // start is timed, its global thread finds no schema for the health records it rebuilds its store
                // from (an empty state directory, as a new pod's), and must wait for the registry instead of exiting.
                Process[] started = new Process[1];
                int down = registryOutage(fault.during, this::globalThreadWaitsForTheRegistry, () -> {
                    registry.refuseSchemaLookups(true);
                    launchServer(workDir.resolve("state-c"));
                    started[0] = server;
                }, () -> registry.refuseSchemaLookups(false));
                awaitReady(server, serverLog);
                assertThat(server).as("the same server process").isSameAs(started[0]);
                return "server SIGKILL, restarted on an empty state directory with the registry refusing schema lookups for "
                        + down + " ms, its global thread waiting for them to read the health topic";
            }
            default -> throw new IllegalStateException("No such fault " + fault);
        }
    }

    /** Stops the registry until {@code calls} more calls were sent and {@code seen} holds, then starts it again on the same port. */
    private int registryDown(int calls, Callable<Boolean> seen) throws IOException {
        return registryOutage(calls, seen, registry::close, () -> registry = RegistryServer.start(schemas, "127.0.0.1", registryPort));
    }

    /**
     * Begins an outage, keeps it until {@code calls} more calls were sent and {@code seen} holds, the server
     * staying alive meanwhile, then ends it; returns how long it lasted.
     */
    private int registryOutage(int calls, Callable<Boolean> seen, Outage begin, Outage end) throws IOException {
        long began = System.nanoTime();
        begin.run();
        Process running = server;
        int until = sent.get() + calls;
        sendLimit.accumulateAndGet(until, Math::max);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(running.isAlive()).as("server alive without the registry; its log: " + ChildJvm.tail(serverLog)).isTrue();
                return sent(until) && seen.call();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Registry out for 120 s: " + sent.get() + " of " + until + " calls sent, server log: "
                    + ChildJvm.tail(serverLog), e);
        }
        end.run();
        return (int) ((System.nanoTime() - began) / 1_000_000);
    }

    /** One side of a registry outage. */
    @FunctionalInterface
    private interface Outage {
        void run() throws IOException;
    }

    /** The server's threads, as {@code jcmd Thread.print} shows them: its global stream thread waits for a writer schema. */
    private boolean globalThreadWaitsForTheRegistry() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(server.pid()), "Thread.print").redirectErrorStream(true).start();
        String threads = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).as("jcmd done").isTrue();
        for (String thread : threads.split("\n\n")) {
            if (thread.contains("GlobalStreamThread") && thread.contains("RegistryAvroDeserializer")) {
                return true;
            }
        }
        return false;
    }

    private String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    /** How often the current server replaced a stream thread because the registry was unavailable. */
    private long threadReplacements() throws IOException {
        return Files.readAllLines(serverLog).stream().filter(line -> line.contains("replacing the stream thread")).count();
    }

    /** Starts the server as its own JVM and waits until it is RUNNING. */
    private void startServer(Path stateDir) throws IOException {
        launchServer(stateDir);
        awaitReady(server, serverLog);
    }

    private void launchServer(Path stateDir) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("registry.url", registryUrl());
        settings.put("kafka.application.id", applicationId);
        settings.put("state.dir", stateDir.toString());
        settings.put("topic.partitions", "3");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(port));
        // A killed member leaves the group only when its session expires: keep that short.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        // The project's log configuration, and the line that shows when the start-up check is past the registry.
        List<String> command = ChildJvm.command(List.of("-Xmx384m"),
                ServerCommand.class.getName(), args);
        serverLog = workDir.resolve("server-" + generation++ + ".log");
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    }

    private void awaitReady(Process process, Path log) {
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(process.isAlive()).as("server alive; its log: " + ChildJvm.tail(log)).isTrue();
                return status("http://127.0.0.1:" + port + "/readyz") == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("server not ready within 120 s; its log: " + ChildJvm.tail(log), e);
        }
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
