package dev.modelperf.streams.aggregate;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.events.CallStatus;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CallStatsSerdeTest {

    private final CallStatsSerde serde = new CallStatsSerde();

    @Test
    void roundTripKeepsEveryFigure() {
        CallStats stats = new CallStats();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            CallStatus status = i % 10 == 0 ? CallStatus.TIMEOUT : CallStatus.OK;
            stats.add(call("m", "code", 20 + random.nextInt(20_000), status, Instant.EPOCH.plusSeconds(1)).build());
        }
        byte[] bytes = serde.serializer().serialize("t", stats);
        CallStats back = serde.deserializer().deserialize("t", bytes);

        assertThat(back.count()).isEqualTo(5_000);
        assertThat(back.successes()).isEqualTo(4_500);
        assertThat(back.failuresByStatus()).containsEntry(CallStatus.TIMEOUT, 500L);
        assertThat(back.inputTokens()).isEqualTo(stats.inputTokens());
        assertThat(back.costUsd()).isEqualTo(stats.costUsd());
        assertThat(back.latencyQuantileMs(0.95)).isEqualTo(stats.latencyQuantileMs(0.95));
        assertThat(bytes.length).as("serialized size of a busy aggregate").isLessThanOrEqualTo(2048);
    }

    @Test
    void corruptBytesAreASerializationError() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1}))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown CallStats format 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 6, 0}))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Corrupt CallStats of 3 bytes");
    }
}
