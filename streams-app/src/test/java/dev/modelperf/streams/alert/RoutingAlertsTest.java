package dev.modelperf.streams.alert;

import static dev.modelperf.streams.cascade.Cascades.decision;
import static dev.modelperf.streams.cascade.Cascades.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.Severity;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in routing rules fire once and resolve once, with exact alert records. */
class RoutingAlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:30Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> decisions;
    private TestOutputTopic<String, Alert> alerts;
    private StreamsSettings settings;

    @BeforeEach
    void start() {
        settings = StreamsSettings.defaults().withStateDir(stateDir);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), NOW);
        decisions = driver.createInputTopic(settings.topics().routingDecisions(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(settings.topics().alerts(), Serdes.String().deserializer(),
                new RegistryAvroDeserializer<>(registry, Alert.getClassSchema()));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCascadeThatKeepsAskingFiresClarificationAndLayerCaptureAlertsThenResolvesThem() {
        for (int i = 0; i < 60; i++) {
            RoutingDecision asked = decision("acme", "d" + i, NOW, layer("keyword", 0.3, 0.8, "billing", 2));
            decisions.pipeInput(asked.getDecisionId(),
                    new RegistryAvroSerializer<RoutingDecision>(registry).serialize(settings.topics().routingDecisions(), asked), NOW);
        }
        long minute = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

        driver.advanceWallClockTime(Duration.ofSeconds(6 * 60 + 30));
        long firedAt = NOW.plusSeconds(6 * 60 + 30).toEpochMilli();
        assertThat(alerts.readValue()).isEqualTo(Alert.newBuilder()
                .setFingerprint(RoutingAlerts.fingerprint("routing-layer1-capture-low", "acme", "keyword"))
                .setRule("routing-layer1-capture-low").setSeverity(Severity.WARNING).setState(AlertState.FIRING)
                .setTenant("acme").setCategory("routing-cascade").setModel("keyword")
                .setObservedValue(0.0).setThreshold(0.2).setWindowSeconds(900L)
                .setStartedAt(Instant.ofEpochMilli(minute)).setEmittedAt(Instant.ofEpochMilli(firedAt))
                .setSummary("routing layer keyword (tenant acme): layer-capture 0.0 % over the last 15 min (60 decisions reaching the layer)"
                        + " is below 20.0 %, for 5 min in a row")
                .build());
        assertThat(alerts.readValue()).isEqualTo(Alert.newBuilder()
                .setFingerprint(RoutingAlerts.fingerprint("clarification-rate-high", "acme", "*"))
                .setRule("clarification-rate-high").setSeverity(Severity.WARNING).setState(AlertState.FIRING)
                .setTenant("acme").setCategory("routing-cascade").setModel("*")
                .setObservedValue(1.0).setThreshold(0.1).setWindowSeconds(900L)
                .setStartedAt(Instant.ofEpochMilli(minute)).setEmittedAt(Instant.ofEpochMilli(firedAt))
                .setSummary("routing cascade (tenant acme): clarification-rate 100.0 % over the last 15 min (60 decisions)"
                        + " is above 10.0 %, for 5 min in a row")
                .build());
        assertThat(alerts.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(alerts.isEmpty()).as("still firing: no second FIRING").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(20));
        long resolvedAt = NOW.plusSeconds(31 * 60 + 30).toEpochMilli();
        assertThat(alerts.readValue()).isEqualTo(Alert.newBuilder()
                .setFingerprint(RoutingAlerts.fingerprint("clarification-rate-high", "acme", "*"))
                .setRule("clarification-rate-high").setSeverity(Severity.WARNING).setState(AlertState.RESOLVED)
                .setTenant("acme").setCategory("routing-cascade").setModel("*")
                .setObservedValue(null).setThreshold(null).setWindowSeconds(900L)
                .setStartedAt(Instant.ofEpochMilli(minute)).setEmittedAt(Instant.ofEpochMilli(resolvedAt))
                .setSummary("routing cascade (tenant acme) resolved: no breach of clarification-rate-high for 10 min; too few decisions"
                        + " to judge now (0 over the last 15 min, 50 needed); firing since 2026-11-23T10:00:00Z")
                .build());
        // Scopes silent for the whole span resolve in key order.
        Alert layerResolved = alerts.readValue();
        assertThat(layerResolved.getState()).isEqualTo(AlertState.RESOLVED);
        assertThat(layerResolved.getFingerprint()).isEqualTo(RoutingAlerts.fingerprint("routing-layer1-capture-low", "acme", "keyword"));
        assertThat(alerts.isEmpty()).isTrue();
    }
}
