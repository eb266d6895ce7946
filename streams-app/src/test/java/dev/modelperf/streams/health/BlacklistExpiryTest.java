package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.registry.InMemorySchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.streams.Calls;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.stores.QueryableStores;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The punctuator and its scheduling, with Kafka's {@code MockProcessorContext} and in-memory stores. */
class BlacklistExpiryTest {

    private static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final HealthPolicy policy = punctuatingEvery(Duration.ofMillis(250));
    private final StreamsSettings settings = StreamsSettings.defaults().withHealth(policy);
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(StreamsProperties.of(settings));
    private KeyValueStore<String, HealthState> store;

    private static HealthPolicy punctuatingEvery(Duration interval) {
        HealthPolicy d = HealthPolicy.defaults();
        return new HealthPolicy(d.failureThreshold(), d.blacklistBase(), d.blacklistMax(), d.ejectionDecay(), d.maxEjectedShare(),
                d.activeWindow(), d.failureStatuses(), interval, d.idleExpiry());
    }

    @BeforeEach
    void stores() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HealthTopology.HEALTH_STATE), Serdes.String(),
                new HealthStateSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        KeyValueStore<String, ModelHealth> global = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(QueryableStores.HEALTH_GLOBAL),
                Serdes.String(), AvroSerdes.<ModelHealth>specific(ModelHealth.getClassSchema(), new InMemorySchemaRegistry()))
                .withLoggingDisabled().build();
        global.init(context.getStateStoreContext(), global);
    }

    private BlacklistExpiry expiry() {
        return new BlacklistExpiry(store, new Blacklist(policy), new HealthPublisher(context, new HealthAlerts(policy)));
    }

    private static HealthState ejected(HealthStatus status, long until) {
        return new HealthState(status, 3, 1, T0, until, "TIMEOUT", T0, T0, T0);
    }

    @Test
    void endsEveryDueEjectionAndNothingElse() {
        store.put("acme|due", ejected(HealthStatus.BLACKLISTED, T0 + HOUR));
        store.put("acme|later", ejected(HealthStatus.BLACKLISTED, T0 + HOUR + 1));
        store.put("beta|degraded", ejected(HealthStatus.DEGRADED, T0 + HOUR - 5));
        store.put("acme|fine", new HealthState(HealthStatus.HEALTHY, 0, 0, null, null, null, T0, T0, T0));

        expiry().punctuate(T0 + HOUR);

        assertThat(context.forwarded(HealthTopology.HEALTH_SINK)).extracting(f -> f.record().key(),
                f -> ((ModelHealth) f.record().value()).getStatus(), f -> f.record().timestamp()).containsExactly(
                tuple("acme|due", HealthStatus.HEALTHY, T0 + HOUR),
                tuple("beta|degraded", HealthStatus.HEALTHY, T0 + HOUR));
        assertThat(context.forwarded(HealthTopology.ALERTS_SINK)).extracting(f -> ((Alert) f.record().value()).getRule(),
                f -> ((Alert) f.record().value()).getState(), f -> f.record().key()).containsExactly(
                tuple(HealthAlerts.BLACKLISTED_RULE, AlertState.RESOLVED,
                        HealthAlerts.fingerprint(HealthAlerts.BLACKLISTED_RULE, "acme", "due")),
                tuple(HealthAlerts.DEGRADED_RULE, AlertState.RESOLVED,
                        HealthAlerts.fingerprint(HealthAlerts.DEGRADED_RULE, "beta", "degraded")));
        assertThat(store.get("acme|due")).isEqualTo(new HealthState(HealthStatus.HEALTHY, 3, 1, null, null, "TIMEOUT", T0, T0 + HOUR,
                T0 + HOUR));
        assertThat(store.get("acme|later").status()).isEqualTo(HealthStatus.BLACKLISTED);

        context.resetForwards();
        expiry().punctuate(T0 + HOUR + 500);
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(
                HealthAlerts.fingerprint(HealthAlerts.BLACKLISTED_RULE, "acme", "later"), "acme|later");
    }

    @Test
    void theTrackerSchedulesTheExpiryOnTheWallClockAtTheConfiguredInterval() {
        HealthTracker tracker = new HealthTracker(new HealthPolicy(1, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofDays(1),
                1.0, Duration.ofHours(1), policy.failureStatuses(), Duration.ofMillis(250),
                HealthPolicy.DEFAULT_IDLE_EXPIRY));
        tracker.init(context);
        assertThat(context.scheduledPunctuators())
                .extracting(MockProcessorContext.CapturedPunctuator::getType, MockProcessorContext.CapturedPunctuator::getInterval)
                .containsExactly(tuple(PunctuationType.WALL_CLOCK_TIME, Duration.ofMillis(250)),
                        tuple(PunctuationType.WALL_CLOCK_TIME, HealthTracker.IDLE_CHECK_INTERVAL));

        context.setCurrentStreamTimeMs(T0);
        tracker.process(new Record<>("acme|m", Calls.call("m", "code", 10, CallStatus.TIMEOUT,
                Instant.ofEpochMilli(T0)).build(), T0));
        assertThat(store.get("acme|m").status()).isEqualTo(HealthStatus.BLACKLISTED);
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0 + Duration.ofMinutes(1).toMillis());
        assertThat(store.get("acme|m").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow())
                .containsExactly(HealthTopology.ALERTS_SINK, HealthTopology.HEALTH_SINK);
    }
}
