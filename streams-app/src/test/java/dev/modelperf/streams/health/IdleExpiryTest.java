package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.streams.StreamsProperties;
import dev.modelperf.streams.StreamsSettings;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle-expiry punctuator over an in-memory store, with Kafka's {@code MockProcessorContext} and explicit wall-clock times. */
class IdleExpiryTest {

    private static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final long IDLE = HealthPolicy.DEFAULT_IDLE_EXPIRY.toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final HealthPolicy policy = HealthPolicy.defaults();
    private final MockProcessorContext<String, SpecificRecord> context =
            new MockProcessorContext<>(StreamsProperties.of(StreamsSettings.defaults()));
    private KeyValueStore<String, HealthState> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HealthTopology.HEALTH_STATE), Serdes.String(),
                new HealthStateSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    private IdleExpiry expiry() {
        return new IdleExpiry(store, new HealthPublisher(context, new HealthAlerts(policy)), policy);
    }

    private static HealthState healthy(long lastCallAt) {
        return new HealthState(HealthStatus.HEALTHY, 0, 0, null, null, null, lastCallAt, lastCallAt, lastCallAt);
    }

    private static HealthState ejected(HealthStatus status, long lastCallAt, long until) {
        return new HealthState(status, 3, 1, lastCallAt, until, "SERVER_ERROR e: m", lastCallAt, lastCallAt, lastCallAt);
    }

    @Test
    void aHealthyModelWithoutCallsForTheIdlePeriodIsDeletedWithATombstone() {
        store.put("acme|quiet", healthy(T0));
        store.put("acme|busy", healthy(T0 + HOUR));

        expiry().punctuate(T0 + IDLE - 1);
        assertThat(context.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        expiry().punctuate(T0 + IDLE);
        assertThat(context.forwarded()).extracting(f -> f.record().key(), f -> f.record().value(), f -> f.record().timestamp(),
                        f -> f.childName().orElseThrow())
                .containsExactly(tuple("acme|quiet", null, T0 + IDLE, HealthTopology.HEALTH_SINK));
        assertThat(store.get("acme|quiet")).isNull();
        assertThat(store.get("acme|busy")).isEqualTo(healthy(T0 + HOUR));
    }

    @Test
    void anEjectedModelIsKeptHoweverQuiet() {
        // A failure that arrived late: its deadline runs from stream time, long after its own event time.
        store.put("acme|blacklisted", ejected(HealthStatus.BLACKLISTED, T0, T0 + IDLE + HOUR));
        store.put("acme|degraded", ejected(HealthStatus.DEGRADED, T0, T0 + IDLE + HOUR));

        expiry().punctuate(T0 + IDLE + 1);

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.get("acme|blacklisted").status()).isEqualTo(HealthStatus.BLACKLISTED);
        assertThat(store.get("acme|degraded").status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void theShortestIdleExpiryOutlastsTheLongestBlacklistAndTheDecayOfEveryLevel() {
        // 1 h doubling to the 24 h cap takes 6 levels; each decays after 24 h of health: 24 h + 6 × 24 h.
        assertThat(policy.maxEjectionLevel()).isEqualTo(6);
        assertThat(policy.minimumIdleExpiry()).isEqualTo(Duration.ofDays(7)).isEqualTo(HealthPolicy.DEFAULT_IDLE_EXPIRY);
    }
}
