package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.HealthStatus;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HealthStateSerdeTest {

    private final HealthStateSerde serde = new HealthStateSerde();

    private HealthState roundTrip(HealthState state) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    @Test
    void everyFieldRoundTrips() {
        HealthState blacklisted = new HealthState(HealthStatus.BLACKLISTED, 7, 4, 1_000L, 9_000L, "TIMEOUT: délai dépassé ⏱",
                8_000L, 7_000L, 8_000L);
        HealthState fresh = new HealthState(HealthStatus.HEALTHY, 0, 0, null, null, null, 5L, 5L, null);
        assertThat(roundTrip(blacklisted)).isEqualTo(blacklisted);
        assertThat(roundTrip(fresh)).isEqualTo(fresh);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void corruptBytesAreASerializationExceptionNotAnyOtherFailure() {
        byte[] bytes = serde.serializer().serialize("t", new HealthState(HealthStatus.DEGRADED, 3, 1, 1L, 2L, "x", 1L, 1L, 1L));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Corrupt HealthState of");
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown HealthState format 9");
    }
}
