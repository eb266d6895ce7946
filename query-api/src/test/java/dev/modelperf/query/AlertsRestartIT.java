package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelperf.client.ModelPerfClient;
import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.alert.RuleAlerts;
import dev.modelperf.streams.config.ModelPerfSettings;
import dev.modelperf.streams.topics.TopicProvisioner;
import dev.modelperf.streams.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert state survives restarts, on the real local broker: a {@code success-rate-low} alert fires
 * once, keeps breaching across a restart on an empty state directory (restored from the
 * changelog) and one on the same state directory, and resolves once, with the start of its
 * episode intact.
 *
 * <p>Minutes close on the wall clock, so each restart lowers {@code window.fold.delay} to stand in
 * for the minutes that pass while the app is down: the restarted fold catches up on them at once.
 * The calls all reach the stores before any of their minutes is folded (the first instance only
 * folds older minutes), so no fold can judge a minute whose calls are still unread.
 */
class AlertsRestartIT {

    private static final String TENANT = "alerts-restart-it";
    private static final String MODEL = "acme/flaky:13b";
    private static final int PARTITIONS = 3;
    private static final String FINGERPRINT = RuleAlerts.fingerprint("success-rate-low", TENANT, "*", MODEL);
    /** Fires in the middle of the breach: once it is on the topic, so is everything its fold judged. */
    private static final String MARKER = RuleAlerts.fingerprint("routing-latency-high", TENANT, "routing", MODEL);

    @TempDir
    Path stateDirs;

    private final String applicationId = "alerts-restart-it-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, List<Alert>> alertsByFingerprint = new LinkedHashMap<>();
    private LocalStack stack;
    private Topics topics;
    private KafkaConsumer<String, Alert> alerts;
    private ModelPerfProcess process;
    private String api;

    @AfterEach
    void stop() {
        if (process != null) {
            process.close();
        }
        if (alerts != null) {
            alerts.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFiringAlertStaysFiringOnceAcrossRestartsAndResolvesOnce() throws Exception {
        stack = LocalStack.start();
        topics = settings("load", "60m").topics();
        try (Admin admin = stack.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(topics.all(), PARTITIONS, (short) 1);
        }
        long now = Resolution.MINUTE.windowStart(System.currentTimeMillis());
        Instant episodeStart = minute(now, 49);

        start("load", "60m");
        try (ModelPerfClient client = ModelPerfClient.builder().bootstrapServers(stack.bootstrapServers())
                .registryUrl(stack.registryUrl()).tenant(TENANT).build()) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int ago = 50; ago >= 2; ago--) {
                // 20 % success until minute -16, then all good; minutes -30..-26 are also slow routing calls.
                int ok = ago >= 16 ? 2 : 10;
                for (int n = 0; n < 10; n++) {
                    Instant at = minute(now, ago).plusSeconds(n * 5L);
                    CallStatus status = n < ok ? CallStatus.OK : CallStatus.CLIENT_ERROR;
                    sent.add(client.record(call(at, "support/customer", status)));
                    if (ago <= 30 && ago >= 26) {
                        sent.add(client.record(call(at, "routing/intent", status)));
                    }
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
        awaitCallsProcessed();
        alerts = alertsConsumer();

        // Minutes -60..-41: -50 has too few calls to judge; -49 and -48 breach, which fires.
        restart("load", "40m");
        Alert firing = awaitAlerts(FINGERPRINT, AlertState.FIRING);
        assertThat(firing.getStartedAt()).isEqualTo(episodeStart);
        assertThat(firing.getSummary()).contains("success-rate 20.0 % over the last 5 min (30 calls) is below 90.0 %");

        // Minutes -40..-26, still breaching, judged by state restored from the changelog alone.
        restart("restored", "25m");
        assertThat(get("/api/v1/alerts?state=firing&tenant=" + TENANT).get("alerts"))
                .as("the global store, rebuilt from the alerts topic, still shows the alert firing")
                .anySatisfy(alert -> {
                    assertThat(alert.get("fingerprint").asText()).isEqualTo(FINGERPRINT);
                    assertThat(alert.get("state").asText()).isEqualTo("FIRING");
                    assertThat(Instant.parse(alert.get("startedAt").asText())).isEqualTo(episodeStart);
                });
        awaitAlerts(MARKER, AlertState.FIRING);
        readToEnd();
        assertThat(states(FINGERPRINT)).as("no second FIRING after a restart from the changelog").containsExactly(AlertState.FIRING);

        // Minutes -25..-2 on the same state directory: breaching until -12, within limits from -11, resolved at -7.
        restart("restored", "1m");
        Alert resolved = awaitAlerts(FINGERPRINT, AlertState.RESOLVED);
        assertThat(resolved.getStartedAt()).as("the episode still starts where it fired").isEqualTo(episodeStart);
        assertThat(resolved.getSummary()).contains("resolved: no breach of success-rate-low for 5 min;"
                + " success-rate 100.0 % over the last 5 min (50 calls), within its limit");
        awaitAlerts(MARKER, AlertState.RESOLVED);
        readToEnd();
        assertThat(states(FINGERPRINT)).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(states(MARKER)).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alertsByFingerprint).containsOnlyKeys(FINGERPRINT, MARKER);

        assertThat(get("/api/v1/alerts?state=firing&tenant=" + TENANT).get("count").asInt()).isZero();
        JsonNode shown = get("/api/v1/alerts?tenant=" + TENANT).get("alerts");
        assertThat(shown).extracting(alert -> alert.get("fingerprint").asText()).containsExactlyInAnyOrder(FINGERPRINT, MARKER);
        assertThat(shown).allSatisfy(alert -> assertThat(alert.get("state").asText()).isEqualTo("RESOLVED"));
    }

    private ModelPerfSettings settings(String stateDir, String foldDelay) {
        return ModelPerfSettings.withOverrides(Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "kafka.application.id", applicationId,
                // The previous instance does not leave the group on close (Kafka Streams' default), so its
                // partitions move once its session times out: the broker's minimum keeps restarts quick.
                "kafka.session.timeout.ms", "6000",
                "registry.url", stack.registryUrl(),
                "state.dir", stateDirs.resolve(stateDir).toString(),
                "topic.partitions", String.valueOf(PARTITIONS),
                "window.fold.delay", foldDelay,
                "window.fold.interval", "1s",
                "http.host", "127.0.0.1",
                "http.port", "0"));
    }

    private void start(String stateDir, String foldDelay) throws InterruptedException {
        process = ModelPerfProcess.start(settings(stateDir, foldDelay),
                new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())));
        assertThat(process.awaitRunning(Duration.ofSeconds(60))).as("streams app RUNNING").isTrue();
        api = "http://127.0.0.1:" + process.httpPort();
    }

    private void restart(String stateDir, String foldDelay) throws InterruptedException {
        process.close();
        process = null;
        start(stateDir, foldDelay);
    }

    private static Instant minute(long now, int ago) {
        return Instant.ofEpochMilli(now - Duration.ofMinutes(ago).toMillis());
    }

    private ModelCall call(Instant at, String category, CallStatus status) {
        ModelCall.Builder call = ModelCall.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTimestamp(at).setModel(MODEL).setProvider("acme")
                .setCategory(category).setLatencyMs(300).setInputTokens(10).setOutputTokens(5).setStatus(status);
        if (status != CallStatus.OK) {
            call.setErrorType("400").setErrorMessage("bad request");
        }
        return call.build();
    }

    /** Waits until the app has committed every call on the topic, and so holds them all in its changelogged stores. */
    private void awaitCallsProcessed() {
        String calls = topics.calls();
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(calls, p), p -> OffsetSpec.latest()));
        try (Admin admin = stack.admin()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    return (done == null ? 0 : done.offset()) == end.getValue().offset();
                });
            });
        }
    }

    private KafkaConsumer<String, Alert> alertsConsumer() {
        KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new RegistryAvroDeserializer<>(
                        new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())), Alert.getClassSchema()));
        String topic = topics.alerts();
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads the alerts topic until {@code fingerprint} has gone to {@code state}; returns that alert. */
    private Alert awaitAlerts(String fingerprint, AlertState state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return alertsByFingerprint.getOrDefault(fingerprint, List.of()).stream()
                    .filter(alert -> alert.getState() == state).findFirst().orElse(null);
        }, alert -> alert != null);
    }

    /** Reads the alerts topic up to its last committed alert, so that what follows sees every alert emitted so far. */
    private void readToEnd() {
        Map<TopicPartition, Long> ends = alerts.endOffsets(alerts.assignment());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return ends.entrySet().stream().allMatch(end -> alerts.position(end.getKey()) >= end.getValue());
        });
    }

    private void poll() {
        alerts.poll(Duration.ofMillis(200)).forEach(record -> {
            if (record.value().getTenant().equals(TENANT)) {
                alertsByFingerprint.computeIfAbsent(record.key(), fingerprint -> new ArrayList<>()).add(record.value());
            }
        });
    }

    private List<AlertState> states(String fingerprint) {
        return alertsByFingerprint.getOrDefault(fingerprint, List.of()).stream().map(Alert::getState).toList();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }
}
