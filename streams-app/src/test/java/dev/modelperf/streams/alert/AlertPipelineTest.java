package dev.modelperf.streams.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.Severity;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.Calls;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.aggregate.AggregateSettings;
import dev.modelperf.streams.health.HealthPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules through the whole topology: calls in, exact Alert records out. Each simulated minute
 * gets its calls, then the driver's wall clock moves to one fold delay after that minute closed, so
 * the aggregator folds it and the rules judge it, one minute at a time.
 */
class AlertPipelineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String MODEL = "meta/llama3:70b";
    private static final Duration FOLD_DELAY = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<Object> serializer = new RegistryAvroSerializer<>(registry);
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestOutputTopic<String, Alert> alerts;
    private Instant wallClock = T0;

    private void start(String rulesYaml) throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), rulesYaml);
        HealthPolicy health = HealthPolicy.defaults();
        settings = StreamsSettings.defaults()
                .withStateDir(dir.resolve("state"))
                .withAlerts(AlertSettings.defaults().withRules(AlertRules.load(rules)))
                .withAggregate(AggregateSettings.defaults().withFold(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                // Failures here are about rates, not the blacklist: keep health alerts out of the way.
                .withHealth(new HealthPolicy(1000, health.blacklistBase(), health.blacklistMax(), health.ejectionDecay(),
                        health.maxEjectedShare(), health.activeWindow(), health.failureStatuses(), health.punctuateInterval(),
                        health.idleExpiry()));
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), T0);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(settings.topics().alerts(), Serdes.String().deserializer(),
                new RegistryAvroDeserializer<>(registry, Alert.getClassSchema()));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Instant minute(int i) {
        return T0.plus(Duration.ofMinutes(i));
    }

    /** When minute {@code i} is judged: one fold delay after it closed, plus the second of the fold interval. */
    private static Instant judgedAt(int i) {
        return minute(i + 1).plus(FOLD_DELAY).plusSeconds(1);
    }

    /** {@code total} calls of MODEL in minute {@code i}, {@code ok} of them successful, spread over the minute. */
    private void minuteOfCalls(int i, String category, int total, int ok, long latencyMs) {
        for (int n = 0; n < total; n++) {
            Instant at = minute(i).plusMillis(n * 59_000L / total);
            ModelCall call = Calls.call(MODEL, category, latencyMs, n < ok ? CallStatus.OK : CallStatus.SERVER_ERROR, at).build();
            calls.pipeInput(new CallKey("acme", MODEL).encode(), serializer.serialize(settings.topics().calls(), call), at);
        }
        advanceTo(judgedAt(i));
    }

    private void advanceTo(Instant at) {
        driver.advanceWallClockTime(Duration.between(wallClock, at));
        wallClock = at;
    }

    private static String fingerprint(String rule, String category) {
        return RuleAlerts.fingerprint(rule, "acme", category, MODEL);
    }

    private static Alert alert(String rule, Severity severity, AlertState state, String category, double observed, double threshold,
                               long windowSeconds, Instant startedAt, Instant emittedAt, String summary) {
        return Alert.newBuilder()
                .setFingerprint(fingerprint(rule, category)).setRule(rule).setSeverity(severity).setState(state)
                .setTenant("acme").setCategory(category).setModel(MODEL)
                .setObservedValue(observed).setThreshold(threshold).setWindowSeconds(windowSeconds)
                .setStartedAt(startedAt).setEmittedAt(emittedAt).setSummary(summary)
                .build();
    }

    private static final String SUCCESS_RULE = """
            rules:
              - name: success-rate-low
                signal: success-rate
                below: 0.9
                severity: critical
                span: %s
                min-samples: 20
                for: 2m
                resolve-after: 3m
            """;

    @Test
    void aThresholdCrossingFiresOnceAndStaysFiringWithoutRepeats() throws IOException {
        start(SUCCESS_RULE.formatted("3m"));
        for (int i = 0; i < 5; i++) {
            minuteOfCalls(i, "code/backend/api", 20, 20, 300);
        }
        minuteOfCalls(5, "code/backend/api", 20, 10, 300);
        assertThat(alerts.isEmpty()).as("one breaching minute is only pending (for: 2m)").isTrue();
        for (int i = 6; i < 12; i++) {
            minuteOfCalls(i, "code/backend/api", 20, 10, 300);
        }

        assertThat(alerts.readKeyValuesToList()).containsExactly(KeyValue.pair(fingerprint("success-rate-low", "*"),
                alert("success-rate-low", Severity.CRITICAL, AlertState.FIRING, "*", 40.0 / 60, 0.9, 180, minute(5), judgedAt(6),
                        "meta/llama3:70b (tenant acme, all categories): success-rate 66.7 % over the last 3 min (60 calls)"
                                + " is below 90.0 %, for 2 min in a row")));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void flappingAroundTheThresholdFiresOnceThenResolvesOnce() throws IOException {
        start(SUCCESS_RULE.formatted("1m"));
        // B = 88 % (breach), G = 92 %: B G B G never breaches two minutes in a row, so never fires;
        // then B B fires; G B G B G keeps it firing (a breach restarts the resolve count); G G G resolves.
        String pattern = "BGBGBBGBGBGGG";
        for (int i = 0; i < pattern.length(); i++) {
            minuteOfCalls(i, "translation", 25, pattern.charAt(i) == 'B' ? 22 : 23, 300);
        }
        int firstBreach = pattern.indexOf("BB");
        int fired = firstBreach + 1;
        int resolved = pattern.length() - 1;

        assertThat(alerts.readKeyValuesToList()).containsExactly(
                KeyValue.pair(fingerprint("success-rate-low", "*"), alert("success-rate-low", Severity.CRITICAL, AlertState.FIRING, "*",
                        0.88, 0.9, 60, minute(firstBreach), judgedAt(fired),
                        "meta/llama3:70b (tenant acme, all categories): success-rate 88.0 % over the last 1 min (25 calls)"
                                + " is below 90.0 %, for 2 min in a row")),
                KeyValue.pair(fingerprint("success-rate-low", "*"), alert("success-rate-low", Severity.CRITICAL, AlertState.RESOLVED, "*",
                        0.92, 0.9, 60, minute(firstBreach), judgedAt(resolved),
                        "meta/llama3:70b (tenant acme, all categories) resolved: no breach of success-rate-low for 3 min;"
                                + " success-rate 92.0 % over the last 1 min (25 calls), within its limit; firing since "
                                + minute(firstBreach))));
        assertThat(activeRuleStates()).as("a resolved alert leaves no state behind").isEmpty();
    }

    @Test
    void belowTheMinimumSampleSizeNothingFires() throws IOException {
        start(SUCCESS_RULE.formatted("1m"));
        for (int i = 0; i < 10; i++) {
            minuteOfCalls(i, "translation", 19, 0, 300);
        }
        assertThat(alerts.isEmpty()).as("19 failing calls a minute, 20 needed").isTrue();
        assertThat(activeRuleStates()).as("not even pending").isEmpty();

        minuteOfCalls(10, "translation", 20, 0, 300);
        minuteOfCalls(11, "translation", 20, 0, 300);
        assertThat(alerts.readValuesToList()).extracting(Alert::getState).as("20 calls are enough").containsExactly(AlertState.FIRING);
    }

    @Test
    void aFiringAlertResolvesWhenItsCallsStop() throws IOException {
        start(SUCCESS_RULE.formatted("1m"));
        minuteOfCalls(0, "translation", 20, 0, 300);
        minuteOfCalls(1, "translation", 20, 0, 300);
        assertThat(alerts.readValuesToList()).extracting(Alert::getState).containsExactly(AlertState.FIRING);
        advanceTo(judgedAt(2));
        advanceTo(judgedAt(3));
        assertThat(alerts.isEmpty()).isTrue();
        advanceTo(judgedAt(4));

        Alert resolved = alerts.readValue();
        assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.getObservedValue()).isNull();
        assertThat(resolved.getSummary()).isEqualTo("meta/llama3:70b (tenant acme, all categories) resolved: no breach of"
                + " success-rate-low for 3 min; too few calls to judge now (0 over the last 1 min, 20 needed); firing since " + minute(0));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aRuleOverCategoriesJudgesEachLevelWithItsDescendants() throws IOException {
        start("""
                rules:
                  - name: routing-latency-high
                    signal: latency-p95
                    above: 200
                    categories: [routing, classification]
                    span: 1m
                    min-samples: 20
                    for: 1m
                    resolve-after: 5m
                """);
        minuteOfCalls(0, "routing/intent", 20, 20, 450);
        minuteOfCalls(0, "code/backend/api", 20, 20, 900);
        minuteOfCalls(0, "classification", 20, 20, 120);

        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).extracting(Alert::getCategory, Alert::getState)
                .as("routing/intent counts toward routing; code is not covered; classification is fast")
                .containsExactly(tuple("routing", AlertState.FIRING));
        assertThat(fired.get(0).getObservedValue()).isBetween(450 * 0.99, 450 * 1.01);
        assertThat(fired.get(0).getSummary()).startsWith("meta/llama3:70b (tenant acme, category routing): latency-p95 4");
    }

    private static final String ANOMALY_RULE = """
            rules:
              - name: error-rate-anomaly
                signal: error-rate
                anomaly:
                  z: 4
                  baseline: 60m
                  min-baseline: 30m
                  min-deviation: 0.02
                span: 3m
                min-samples: 30
                for: 1m
                resolve-after: 5m
            """;

    @Test
    void anErrorRateStepFiresWithinTheSpanAndSteadyNoiseNever() throws IOException {
        start(ANOMALY_RULE);
        SplittableRandom random = new SplittableRandom(7);
        int steady = 150;
        for (int i = 0; i < steady; i++) {
            minuteOfCalls(i, "support/customer", 100, 100 - binomial(random, 100, 0.05), 300);
        }
        assertThat(alerts.isEmpty()).as("150 minutes of 5 % errors with binomial noise: no false alarm").isTrue();

        int step = steady;
        for (int i = step; i < step + 3; i++) {
            minuteOfCalls(i, "support/customer", 100, 100 - binomial(random, 100, 0.30), 300);
        }
        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).as("FIRING within the 3-minute span of the step").hasSize(1);
        Alert alert = fired.get(0);
        assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
        assertThat(alert.getFingerprint()).isEqualTo(fingerprint("error-rate-anomaly", "*"));
        assertThat(alert.getStartedAt()).isBetween(minute(step), minute(step + 2));
        assertThat(alert.getObservedValue()).isGreaterThan(alert.getThreshold());
        assertThat(alert.getThreshold()).as("median ~5 % + 4 robust deviations (at least the 2 % floor each)").isBetween(0.13, 0.20);
        assertThat(alert.getSummary()).contains("robust deviations above its own last 1 h (median 5.0 %");

        for (int i = step + 3; i < step + 20; i++) {
            minuteOfCalls(i, "support/customer", 100, 100 - binomial(random, 100, 0.30), 300);
        }
        assertThat(alerts.isEmpty()).as("a lasting step stays one FIRING").isTrue();
    }

    @Test
    void steadyLatencyNoiseNeverFiresALatencyAnomaly() throws IOException {
        start("""
                rules:
                  - name: latency-anomaly
                    signal: latency-p95
                    anomaly: {z: 4, baseline: 60m, min-baseline: 30m, min-relative-deviation: 0.1}
                    span: 3m
                    min-samples: 30
                    for: 1m
                    resolve-after: 5m
                """);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 120; i++) {
            minuteOfCalls(i, "writing/marketing", 40, 40, 800 + random.nextInt(-150, 150));
        }
        assertThat(alerts.isEmpty()).isTrue();
        for (int i = 120; i < 124; i++) {
            minuteOfCalls(i, "writing/marketing", 40, 40, 2_500);
        }
        assertThat(alerts.readValuesToList()).extracting(Alert::getRule, Alert::getState)
                .containsExactly(tuple("latency-anomaly", AlertState.FIRING));
    }

    private static int binomial(SplittableRandom random, int n, double p) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += random.nextDouble() < p ? 1 : 0;
        }
        return hits;
    }

    private List<String> activeRuleStates() {
        KeyValueStore<String, RuleState> states = driver.getKeyValueStore(AlertEvaluator.STATE_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, RuleState> all = states.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
