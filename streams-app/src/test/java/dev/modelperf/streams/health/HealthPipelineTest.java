package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.events.Severity;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.streams.Calls;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.QueryableStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blacklist through the whole topology: calls in, exact ModelHealth and Alert records out.
 * Event times follow the driver's wall clock, which each test advances explicitly; the expiry
 * punctuator runs on those advances only.
 */
class HealthPipelineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String FLAKY = "meta/llama3:70b";
    private static final String PEER = "openai/gpt-4o";
    private static final String ERROR = "SERVER_ERROR http_500: upstream returned 500";
    private static final String BLACKLISTED_FP = HealthAlerts.fingerprint("model-blacklisted", "acme", FLAKY);

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RegistryAvroSerializer<Object> serializer = new RegistryAvroSerializer<>(registry);
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestOutputTopic<String, ModelHealth> health;
    private TestOutputTopic<String, Alert> alerts;
    private Instant wallClock = T0;

    private void start(HealthPolicy policy) {
        settings = StreamsSettings.defaults().withStateDir(stateDir).withHealth(policy);
        driver = new TopologyTestDriver(ModelPerfTopology.build(settings, registry), StreamsProperties.of(settings), T0);
        calls = driver.createInputTopic(settings.topics().calls(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        health = driver.createOutputTopic(settings.topics().health(), Serdes.String().deserializer(),
                new RegistryAvroDeserializer<>(registry, ModelHealth.getClassSchema()));
        alerts = driver.createOutputTopic(settings.topics().alerts(), Serdes.String().deserializer(),
                new RegistryAvroDeserializer<>(registry, Alert.getClassSchema()));
    }

    /** Defaults, and a healthy peer model called at T0, so that the safety valve lets one of two models go. */
    private void startWithPeer() {
        start(HealthPolicy.defaults());
        send("acme", PEER, CallStatus.OK, T0);
        assertThat(health.readKeyValuesToList()).containsExactly(record("acme", PEER, HealthStatus.HEALTHY, 0, 0, null, null, null, T0));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Moves the driver's wall clock to {@code at}, running the punctuator once, and returns it. */
    private Instant advanceTo(Instant at) {
        driver.advanceWallClockTime(Duration.between(wallClock, at));
        wallClock = at;
        return at;
    }

    private void send(String tenant, String model, CallStatus status, Instant at) {
        ModelCall.Builder call = Calls.call(model, "code/backend/api", 200, status, at).setTenant(tenant);
        if (status != CallStatus.OK) {
            call.setErrorType("http_500").setErrorMessage("upstream returned 500");
        }
        ModelCall built = call.build();
        calls.pipeInput(new CallKey(tenant, model).encode(), serializer.serialize(settings.topics().calls(), built), at);
    }

    private void fail(String model, Instant at) {
        send("acme", model, CallStatus.SERVER_ERROR, at);
    }

    private static KeyValue<String, ModelHealth> record(String tenant, String model, HealthStatus status, int failures, int ejections,
                                                       Instant since, Instant until, String lastError, Instant updatedAt) {
        return KeyValue.pair(new CallKey(tenant, model).encode(), ModelHealth.newBuilder()
                .setTenant(tenant).setModel(model).setStatus(status)
                .setConsecutiveFailures(failures).setEjectionCount(ejections)
                .setBlacklistedSince(since).setBlacklistedUntil(until)
                .setLastError(lastError).setUpdatedAt(updatedAt)
                .build());
    }

    private static KeyValue<String, ModelHealth> flaky(HealthStatus status, int failures, int ejections, Instant since, Instant until,
                                                      Instant updatedAt) {
        return record("acme", FLAKY, status, failures, ejections, since, until, ERROR, updatedAt);
    }

    private static Alert alert(String rule, Severity severity, AlertState state, int failures, Instant startedAt, Instant emittedAt,
                               String summary) {
        return Alert.newBuilder()
                .setFingerprint(HealthAlerts.fingerprint(rule, "acme", FLAKY)).setRule(rule).setSeverity(severity).setState(state)
                .setTenant("acme").setCategory(null).setModel(FLAKY)
                .setObservedValue((double) failures).setThreshold(3.0).setWindowSeconds(null)
                .setStartedAt(startedAt).setEmittedAt(emittedAt).setSummary(summary)
                .build();
    }

    private Instant blacklistFlaky(Instant firstFailure) {
        fail(FLAKY, firstFailure);
        fail(FLAKY, firstFailure.plusSeconds(1));
        Instant third = firstFailure.plusSeconds(2);
        fail(FLAKY, third);
        return third;
    }

    @Test
    void aModelWithoutCallsForTheIdlePeriodIsForgottenByItsTaskAndEveryGlobalCopy() {
        startWithPeer();
        String key = new CallKey("acme", PEER).encode();
        KeyValueStore<String, ModelHealth> global = driver.getKeyValueStore(QueryableStores.HEALTH_GLOBAL);
        assertThat(global.get(key)).isNotNull();

        advanceTo(T0.plus(HealthPolicy.DEFAULT_IDLE_EXPIRY).minus(HealthTracker.IDLE_CHECK_INTERVAL));
        assertThat(health.isEmpty()).isTrue();
        assertThat(global.get(key)).isNotNull();

        advanceTo(T0.plus(HealthPolicy.DEFAULT_IDLE_EXPIRY));
        assertThat(health.readKeyValuesToList()).containsExactly(KeyValue.pair(key, null));
        assertThat(health.isEmpty()).isTrue();
        assertThat(driver.<String, HealthState>getKeyValueStore(HealthTopology.HEALTH_STATE).get(key)).isNull();
        assertThat(global.get(key)).isNull();
    }

    @Test
    void threeConsecutiveFailuresBlacklistForOneHour() {
        startWithPeer();
        Instant t1 = advanceTo(T0.plusSeconds(10));
        fail(FLAKY, t1);
        fail(FLAKY, t1.plusSeconds(1));
        assertThat(alerts.isEmpty()).isTrue();
        fail(FLAKY, t1.plusSeconds(2));

        Instant t3 = t1.plusSeconds(2);
        Instant until = t3.plus(Duration.ofHours(1));
        assertThat(health.readKeyValuesToList()).containsExactly(
                flaky(HealthStatus.HEALTHY, 1, 0, null, null, t1),
                flaky(HealthStatus.HEALTHY, 2, 0, null, null, t1.plusSeconds(1)),
                flaky(HealthStatus.BLACKLISTED, 3, 1, t3, until, t3));
        assertThat(alerts.readKeyValuesToList()).containsExactly(KeyValue.pair(BLACKLISTED_FP,
                alert("model-blacklisted", Severity.WARNING, AlertState.FIRING, 3, t3, t3,
                        "meta/llama3:70b (tenant acme) is BLACKLISTED until 2026-11-23T11:00:12Z after 3 consecutive failures "
                                + "(ejection 1); last error: " + ERROR)));

        KeyValueStore<String, ModelHealth> global = driver.getKeyValueStore(QueryableStores.HEALTH_GLOBAL);
        assertThat(global.get(new CallKey("acme", FLAKY).encode()).getStatus())
                .as("the global store follows the health topic").isEqualTo(HealthStatus.BLACKLISTED);
    }

    @Test
    void eachFurtherFailureDoublesThePeriodFromItsOwnTimeUpToTheCap() {
        startWithPeer();
        Instant t3 = blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        long[] expectedHours = {2, 4, 8, 16, 24, 24};
        int[] expectedEjections = {2, 3, 4, 5, 6, 6};
        Instant at = t3;
        for (int i = 0; i < expectedHours.length; i++) {
            at = advanceTo(at.plus(Duration.ofMinutes(1)));
            fail(FLAKY, at);
        }

        List<KeyValue<String, ModelHealth>> records = health.readKeyValuesToList();
        assertThat(records).hasSize(3 + expectedHours.length);
        at = t3;
        for (int i = 0; i < expectedHours.length; i++) {
            at = at.plus(Duration.ofMinutes(1));
            assertThat(records.get(3 + i)).isEqualTo(flaky(HealthStatus.BLACKLISTED, 4 + i, expectedEjections[i], t3,
                    at.plus(Duration.ofHours(expectedHours[i])), at));
        }
        assertThat(alerts.readValuesToList()).as("one alert for the whole ejection").hasSize(1);
    }

    @Test
    void aLateFailureWhileBlacklistedNeverShortensTheDeadline() {
        startWithPeer();
        Instant start = advanceTo(T0.plus(Duration.ofHours(3)));
        send("acme", PEER, CallStatus.OK, start);
        Instant t3 = blacklistFlaky(start.plusSeconds(1));
        health.readKeyValuesToList();
        Instant late = t3.minus(Duration.ofHours(2));
        fail(FLAKY, late);

        assertThat(health.readKeyValuesToList()).as("its own ejection would be over by stream time: it counts, ejects nobody")
                .containsExactly(flaky(HealthStatus.BLACKLISTED, 4, 1, t3, t3.plus(Duration.ofHours(1)), late));
        assertThat(late.plus(Duration.ofHours(2))).as("its own deadline").isBefore(t3.plus(Duration.ofHours(1)));
    }

    @Test
    void aSuccessStampedBeforeTheBlacklistBeganDoesNotEndIt() {
        startWithPeer();
        Instant t3 = blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        health.readKeyValuesToList();
        alerts.readKeyValuesToList();

        send("acme", FLAKY, CallStatus.OK, t3.minusSeconds(5));

        assertThat(health.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(driver.<String, ModelHealth>getKeyValueStore(QueryableStores.HEALTH_GLOBAL)
                .get(new CallKey("acme", FLAKY).encode()).getStatus()).isEqualTo(HealthStatus.BLACKLISTED);
        fail(FLAKY, t3.plusSeconds(1));
        assertThat(health.readKeyValuesToList()).as("the failures were not reset either")
                .containsExactly(flaky(HealthStatus.BLACKLISTED, 4, 2, t3, t3.plusSeconds(1).plus(Duration.ofHours(2)), t3.plusSeconds(1)));
    }

    @Test
    void aLateThirdFailureWhoseEjectionWouldBeOverEjectsNobody() {
        startWithPeer();
        Instant now = advanceTo(T0.plus(Duration.ofHours(3)));
        send("acme", PEER, CallStatus.OK, now);
        health.readKeyValuesToList();
        Instant t1 = T0.plusSeconds(10);

        blacklistFlaky(t1);

        assertThat(health.readKeyValuesToList()).containsExactly(
                flaky(HealthStatus.HEALTHY, 1, 0, null, null, t1),
                flaky(HealthStatus.HEALTHY, 2, 0, null, null, t1.plusSeconds(1)),
                flaky(HealthStatus.HEALTHY, 3, 0, null, null, t1.plusSeconds(2)));
        assertThat(alerts.isEmpty()).as("no alert firing and resolving at once").isTrue();
    }

    @Test
    void theWallClockPunctuatorEndsAnExpiredBlacklistOnTimeWithARecoveredAlert() {
        startWithPeer();
        Instant t3 = blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        health.readKeyValuesToList();
        alerts.readKeyValuesToList();
        Instant until = t3.plus(Duration.ofHours(1));

        advanceTo(until.minusMillis(1));
        assertThat(health.isEmpty()).as("still blacklisted a millisecond before").isTrue();
        assertThat(alerts.isEmpty()).isTrue();

        Instant recovered = advanceTo(until);
        assertThat(health.readKeyValuesToList()).containsExactly(flaky(HealthStatus.HEALTHY, 3, 1, null, null, recovered));
        assertThat(alerts.readKeyValuesToList()).containsExactly(KeyValue.pair(BLACKLISTED_FP,
                alert("model-blacklisted", Severity.WARNING, AlertState.RESOLVED, 3, t3, recovered,
                        "meta/llama3:70b (tenant acme) RECOVERED: its blacklist expired at 2026-11-23T11:00:12Z; last error: " + ERROR)));

        // Expiry keeps the count (half-open): one more failure ejects again, for twice as long.
        send("acme", PEER, CallStatus.OK, recovered);
        Instant again = recovered.plusSeconds(5);
        fail(FLAKY, again);
        assertThat(health.readKeyValuesToList()).containsExactly(
                record("acme", PEER, HealthStatus.HEALTHY, 0, 0, null, null, null, recovered),
                flaky(HealthStatus.BLACKLISTED, 4, 2, again, again.plus(Duration.ofHours(2)), again));
        assertThat(alerts.readValuesToList()).extracting(Alert::getState, Alert::getFingerprint)
                .containsExactly(tuple(AlertState.FIRING, BLACKLISTED_FP));
    }

    @Test
    void aSuccessfulProbeEndsTheBlacklistAtOnce() {
        startWithPeer();
        Instant t3 = blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        health.readKeyValuesToList();
        alerts.readKeyValuesToList();

        Instant probe = advanceTo(t3.plus(Duration.ofMinutes(10)));
        send("acme", FLAKY, CallStatus.OK, probe);

        assertThat(health.readKeyValuesToList()).containsExactly(flaky(HealthStatus.HEALTHY, 0, 1, null, null, probe));
        assertThat(alerts.readKeyValuesToList()).containsExactly(KeyValue.pair(BLACKLISTED_FP,
                alert("model-blacklisted", Severity.WARNING, AlertState.RESOLVED, 0, t3, probe,
                        "meta/llama3:70b (tenant acme) RECOVERED: a call succeeded during its blacklist at 2026-11-23T10:10:12Z; "
                                + "last error: " + ERROR)));
        advanceTo(t3.plus(Duration.ofHours(2)));
        assertThat(health.isEmpty()).as("nothing left to expire").isTrue();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void clientErrorsAndFilteredContentNeitherCountNorReset() {
        startWithPeer();
        Instant t = advanceTo(T0.plusSeconds(10));
        fail(FLAKY, t);
        fail(FLAKY, t.plusSeconds(1));
        send("acme", FLAKY, CallStatus.CLIENT_ERROR, t.plusSeconds(2));
        send("acme", FLAKY, CallStatus.CONTENT_FILTERED, t.plusSeconds(3));
        fail(FLAKY, t.plusSeconds(4));

        assertThat(health.readKeyValuesToList()).containsExactly(
                flaky(HealthStatus.HEALTHY, 1, 0, null, null, t),
                flaky(HealthStatus.HEALTHY, 2, 0, null, null, t.plusSeconds(1)),
                flaky(HealthStatus.BLACKLISTED, 3, 1, t.plusSeconds(4), t.plusSeconds(4).plus(Duration.ofHours(1)), t.plusSeconds(4)));
    }

    @Test
    void aSuccessBetweenFailuresResetsTheCount() {
        startWithPeer();
        Instant t = advanceTo(T0.plusSeconds(10));
        fail(FLAKY, t);
        fail(FLAKY, t.plusSeconds(1));
        send("acme", FLAKY, CallStatus.OK, t.plusSeconds(2));
        fail(FLAKY, t.plusSeconds(3));
        fail(FLAKY, t.plusSeconds(4));

        assertThat(health.readKeyValuesToList()).containsExactly(
                flaky(HealthStatus.HEALTHY, 1, 0, null, null, t),
                flaky(HealthStatus.HEALTHY, 2, 0, null, null, t.plusSeconds(1)),
                flaky(HealthStatus.HEALTHY, 0, 0, null, null, t.plusSeconds(2)),
                flaky(HealthStatus.HEALTHY, 1, 0, null, null, t.plusSeconds(3)),
                flaky(HealthStatus.HEALTHY, 2, 0, null, null, t.plusSeconds(4)));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void theEjectionCountDecaysAfterAHealthyPeriodSoTheNextBlacklistIsShortAgain() {
        startWithPeer();
        blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        Instant probe = advanceTo(T0.plus(Duration.ofMinutes(5)));
        send("acme", FLAKY, CallStatus.OK, probe);
        health.readKeyValuesToList();
        alerts.readKeyValuesToList();

        advanceTo(probe.plus(Duration.ofHours(24)).minusMillis(1));
        assertThat(health.isEmpty()).as("not a full healthy day yet").isTrue();
        Instant decayed = advanceTo(probe.plus(Duration.ofHours(24)));
        assertThat(health.readKeyValuesToList()).containsExactly(flaky(HealthStatus.HEALTHY, 0, 0, null, null, decayed));

        send("acme", PEER, CallStatus.OK, decayed);
        Instant t3 = blacklistFlaky(decayed.plusSeconds(1));
        assertThat(health.readKeyValuesToList()).last()
                .isEqualTo(flaky(HealthStatus.BLACKLISTED, 3, 1, t3, t3.plus(Duration.ofHours(1)), t3));
    }

    @Test
    void aRepeatOffenderWithinTheDecayPeriodIsBlacklistedForTwiceAsLong() {
        startWithPeer();
        blacklistFlaky(advanceTo(T0.plusSeconds(10)));
        Instant probe = advanceTo(T0.plus(Duration.ofMinutes(5)));
        send("acme", FLAKY, CallStatus.OK, probe);
        health.readKeyValuesToList();

        Instant t3 = blacklistFlaky(advanceTo(probe.plus(Duration.ofMinutes(30))));
        assertThat(health.readKeyValuesToList()).last()
                .isEqualTo(flaky(HealthStatus.BLACKLISTED, 3, 2, t3, t3.plus(Duration.ofHours(2)), t3));
    }

    @Test
    void theSafetyValveKeepsAModelDegradedWhenHalfTheTenantsActiveModelsAreBlacklisted() {
        startWithPeer();
        String other = "mistral/mistral-large";
        Instant t = advanceTo(T0.plusSeconds(10));
        send("acme", other, CallStatus.OK, t);
        blacklistFlaky(t.plusSeconds(1));
        health.readKeyValuesToList();
        alerts.readKeyValuesToList();

        Instant held = t.plusSeconds(12);
        fail(other, t.plusSeconds(10));
        fail(other, t.plusSeconds(11));
        fail(other, held);
        List<KeyValue<String, ModelHealth>> records = health.readKeyValuesToList();
        assertThat(records).last().isEqualTo(record("acme", other, HealthStatus.DEGRADED, 3, 1, held,
                held.plus(Duration.ofHours(1)), ERROR, held));
        String degradedFp = HealthAlerts.fingerprint("model-degraded", "acme", other);
        Alert degraded = alerts.readValue();
        assertThat(degraded).isEqualTo(Alert.newBuilder()
                .setFingerprint(degradedFp).setRule("model-degraded").setSeverity(Severity.CRITICAL).setState(AlertState.FIRING)
                .setTenant("acme").setCategory(null).setModel(other).setObservedValue(3.0).setThreshold(3.0)
                .setWindowSeconds(null).setStartedAt(held).setEmittedAt(held)
                .setSummary("mistral/mistral-large (tenant acme) is DEGRADED until 2026-11-23T11:00:22Z after 3 consecutive failures "
                        + "(ejection 1), not blacklisted: 1 of the tenant's 3 recently active models are already blacklisted, "
                        + "at most 1 may be (50 %); routers keep it as a last resort; last error: " + ERROR)
                .build());
        assertThat(alerts.isEmpty()).isTrue();

        // Once the first one is back, the next failure of the degraded model blacklists it.
        send("acme", FLAKY, CallStatus.OK, t.plusSeconds(20));
        alerts.readValue();
        Instant promoted = t.plusSeconds(21);
        fail(other, promoted);
        assertThat(health.readKeyValuesToList()).last().isEqualTo(record("acme", other, HealthStatus.BLACKLISTED, 4, 2, promoted,
                promoted.plus(Duration.ofHours(2)), ERROR, promoted));
        assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getState(), kv -> kv.value.getStartedAt())
                .containsExactly(
                        tuple(degradedFp, AlertState.RESOLVED, held),
                        tuple(HealthAlerts.fingerprint("model-blacklisted", "acme", other),
                                AlertState.FIRING, promoted));
    }

    @Test
    void theValveSeesModelsOfOtherPartitionsThroughTheGlobalStore() {
        startWithPeer();
        Instant t = advanceTo(T0.plusSeconds(10));
        // Another instance's task blacklisted a model of the same tenant: only the health topic tells.
        TestInputTopic<String, ModelHealth> published = driver.createInputTopic(settings.topics().health(),
                Serdes.String().serializer(), (topic, value) -> serializer.serialize(topic, value));
        published.pipeInput(new CallKey("acme", "remote/model").encode(), record("acme", "remote/model", HealthStatus.BLACKLISTED,
                3, 1, t, t.plus(Duration.ofHours(1)), ERROR, t).value, t);

        Instant t3 = blacklistFlaky(t.plusSeconds(1));
        assertThat(health.readKeyValuesToList()).last()
                .isEqualTo(flaky(HealthStatus.DEGRADED, 3, 1, t3, t3.plus(Duration.ofHours(1)), t3));
    }

    @Test
    void aTenantsOnlyModelIsDegradedNeverBlacklisted() {
        start(HealthPolicy.defaults());
        Instant t3 = blacklistFlaky(T0);
        assertThat(health.readKeyValuesToList()).last()
                .isEqualTo(flaky(HealthStatus.DEGRADED, 3, 1, t3, t3.plus(Duration.ofHours(1)), t3));
        assertThat(alerts.readValue().getSummary()).contains("0 of the tenant's 1 recently active models are already blacklisted, at most 0");
    }

    @Test
    void everyRuleFollowsTheSettings() {
        HealthPolicy defaults = HealthPolicy.defaults();
        start(new HealthPolicy(2, Duration.ofMinutes(10), Duration.ofMinutes(30), defaults.ejectionDecay(), 1,
                defaults.activeWindow(), Set.of(CallStatus.TIMEOUT), defaults.punctuateInterval(),
                defaults.idleExpiry()));
        send("acme", FLAKY, CallStatus.TIMEOUT, T0);
        send("acme", FLAKY, CallStatus.SERVER_ERROR, T0.plusSeconds(1));
        send("acme", FLAKY, CallStatus.TIMEOUT, T0.plusSeconds(2));
        send("acme", FLAKY, CallStatus.TIMEOUT, T0.plusSeconds(3));
        send("acme", FLAKY, CallStatus.TIMEOUT, T0.plusSeconds(4));

        assertThat(health.readValuesToList()).extracting(ModelHealth::getStatus, ModelHealth::getConsecutiveFailures,
                h -> h.getBlacklistedUntil() == null ? null : Duration.between(h.getUpdatedAt(), h.getBlacklistedUntil()))
                .containsExactly(
                        tuple(HealthStatus.HEALTHY, 1, null),
                        tuple(HealthStatus.BLACKLISTED, 2, Duration.ofMinutes(10)),
                        tuple(HealthStatus.BLACKLISTED, 3, Duration.ofMinutes(20)),
                        tuple(HealthStatus.BLACKLISTED, 4, Duration.ofMinutes(30)));
    }
}
