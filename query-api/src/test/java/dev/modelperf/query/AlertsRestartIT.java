package dev.modelperf.query;

import static dev.modelperf.query.AlertsTestApp.PARTITIONS;
import static dev.modelperf.query.AlertsTestApp.call;
import static dev.modelperf.query.AlertsTestApp.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.local.LocalStack;
import dev.modelperf.schemas.registry.CachedSchemaRegistry;
import dev.modelperf.schemas.registry.HttpSchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.alert.RuleAlerts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * folds older minutes), so no fold can judge a minute whose calls are still unread (see
 * {@link AlertsTestApp}).
 */
class AlertsRestartIT {

    private static final String TENANT = "alerts-restart-it";
    private static final String MODEL = "acme/flaky:13b";
    private static final String FINGERPRINT = RuleAlerts.fingerprint("success-rate-low", TENANT, "*", MODEL);
    /** Fires in the middle of the breach: once it is on the topic, so is everything its fold judged. */
    private static final String MARKER = RuleAlerts.fingerprint("routing-latency-high", TENANT, "routing", MODEL);

    @TempDir
    Path stateDirs;

    private final Map<String, List<Alert>> alertsByFingerprint = new LinkedHashMap<>();
    private LocalStack stack;
    private AlertsTestApp app;
    private KafkaConsumer<String, Alert> alerts;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
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
        app = new AlertsTestApp(stack, stateDirs, "alerts-restart-it");
        long now = Resolution.MINUTE.windowStart(System.currentTimeMillis());
        Instant episodeStart = minute(now, 49);

        app.start("load", AlertsTestApp.LOADING);
        List<ModelCall> calls = new ArrayList<>();
        for (int ago = 50; ago >= 2; ago--) {
            // 20 % success until minute -16, then all good; minutes -30..-26 are also slow routing calls.
            int ok = ago >= 16 ? 2 : 10;
            for (int n = 0; n < 10; n++) {
                Instant at = minute(now, ago).plusSeconds(n * 5L);
                CallStatus status = n < ok ? CallStatus.OK : CallStatus.CLIENT_ERROR;
                calls.add(call(MODEL, at, "support/customer", status));
                if (ago <= 30 && ago >= 26) {
                    calls.add(call(MODEL, at, "routing/intent", status));
                }
            }
        }
        app.record(TENANT, calls);
        app.awaitCallsProcessed();
        alerts = alertsConsumer();

        // Minutes -60..-41: -50 has too few calls to judge; -49 and -48 breach, which fires.
        app.restart("load", "40m");
        Alert firing = awaitAlerts(FINGERPRINT, AlertState.FIRING);
        assertThat(firing.getStartedAt()).isEqualTo(episodeStart);
        assertThat(firing.getSummary()).contains("success-rate 20.0 % over the last 5 min (30 calls) is below 90.0 %");

        // Minutes -40..-26, still breaching, judged by state restored from the changelog alone.
        app.restart("restored", "25m");
        assertThat(app.get("/api/v1/alerts?state=firing&tenant=" + TENANT).get("alerts"))
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
        app.restart("restored", "1m");
        Alert resolved = awaitAlerts(FINGERPRINT, AlertState.RESOLVED);
        assertThat(resolved.getStartedAt()).as("the episode still starts where it fired").isEqualTo(episodeStart);
        assertThat(resolved.getSummary()).contains("resolved: no breach of success-rate-low for 5 min;"
                + " success-rate 100.0 % over the last 5 min (50 calls), within its limit");
        awaitAlerts(MARKER, AlertState.RESOLVED);
        readToEnd();
        assertThat(states(FINGERPRINT)).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(states(MARKER)).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alertsByFingerprint).containsOnlyKeys(FINGERPRINT, MARKER);

        assertThat(app.get("/api/v1/alerts?state=firing&tenant=" + TENANT).get("count").asInt()).isZero();
        JsonNode shown = app.get("/api/v1/alerts?tenant=" + TENANT).get("alerts");
        assertThat(shown).extracting(alert -> alert.get("fingerprint").asText()).containsExactlyInAnyOrder(FINGERPRINT, MARKER);
        assertThat(shown).allSatisfy(alert -> assertThat(alert.get("state").asText()).isEqualTo("RESOLVED"));
    }

    private KafkaConsumer<String, Alert> alertsConsumer() {
        KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new RegistryAvroDeserializer<>(
                        new CachedSchemaRegistry(new HttpSchemaRegistry(stack.registryUrl())), Alert.getClassSchema()));
        String topic = app.topics().alerts();
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
}
